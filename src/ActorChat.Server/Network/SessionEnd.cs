using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Metrics;

namespace ActorChat.Server.Network;

/// <summary>
/// How a session ends, without actors: once, for one reason. The client gets its <c>bye</c>
/// (behind what is queued for it, or, a slow consumer, instead of it), the connection closes
/// right behind the bye, frames not handled yet are dropped, the session leaves its rooms and the
/// directory frees its name. A session that stops without having ended (its connection ended)
/// counts as disconnected. The state (Closing) is the session actor's.
/// </summary>
public sealed class SessionEnd(RequestReader reader, ConnectionWriter writer, ChatRequestRouter router, SessionLogin login, ChatMetrics metrics)
{
    /// <summary>Why the session ended (for its log line and its rooms); null until it does.</summary>
    public string? Reason { get; private set; }

    /// <summary>Says <c>bye</c> with <paramref name="reason"/> and leaves everything; false (nothing done) when the session has ended already.</summary>
    public bool Begin(string reason, RequestRef? reference)
    {
        if (Reason is not null) return false;
        Reason = reason;
        metrics.Disconnected(reason);
        reader.DiscardWaiting();
        writer.WriteLastAndClose(WireFrames.Of(new ByeEvent(reason) { Ref = reference }), dropQueued: reason == ByeReasons.SlowConsumer);
        LeaveEverything(reason);
        return true;
    }

    /// <summary>
    /// The session actor stopped, ended or not: its rooms are left and its name freed (again, when it
    /// had ended: a no-op for the rooms, a second release for the directory). Returns why it ended.
    /// </summary>
    public string Stopped()
    {
        if (Reason is null) metrics.Disconnected(LeftReasons.Disconnected);
        login.Stopped();
        var reason = Reason ?? LeftReasons.Disconnected;
        LeaveEverything(reason);
        return reason;
    }

    private void LeaveEverything(string reason)
    {
        router.LeaveAll(login.Name ?? "", reason);
        login.Release();
    }
}
