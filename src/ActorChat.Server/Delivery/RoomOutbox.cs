using ActorChat.Messages;
using ActorChat.Messages.Events;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Delivery;

/// <summary>
/// What a room sends, without the room's rules: each member's <see cref="MemberPort"/>, the
/// stored messages waiting to go out together (<see cref="BroadcastBatch{TMember}"/>), and the
/// encoding of events into the bytes members receive. A member gets everything through its
/// port, so it sees the room's frames in the room's order; anybody else (a poster who has left,
/// a query from outside) through its session.
/// </summary>
public sealed class RoomOutbox
{
    private readonly Dictionary<IActorRef, MemberPort> _ports = new();
    private readonly BroadcastBatch<IActorRef> _stored = new();

    public void Add(IActorRef session, MemberPort port) => _ports[session] = port;

    /// <summary>Forgets a member; its port, to send it its last words.</summary>
    public MemberPort? Remove(IActorRef session) => _ports.Remove(session, out var port) ? port : null;

    /// <summary>A stored message joins the batch that goes out at the next <see cref="FlushStored"/>.</summary>
    public void QueueStored(ChatMessage message, IActorRef sender, RequestRef? reference)
    {
        var (shared, own) = WireFrames.Of(message, reference);
        _stored.Add(shared, sender, own);
    }

    /// <summary>Sends the batch: the same bytes to every member but the posters, who get their own copies.</summary>
    public void FlushStored(IEnumerable<IActorRef> members, Func<IActorRef, bool> isMember)
    {
        // Every member but the posters gets the same array: one ByteString around it for all of them.
        byte[]? lastFrames = null;
        ByteString? last = null;
        _stored.Drain(members, isMember, (member, frames) =>
        {
            if (!ReferenceEquals(frames, lastFrames)) (lastFrames, last) = (frames, ByteString.FromBytes(frames));
            Send(member, last!);
        });
    }

    /// <summary>
    /// Sends <paramref name="e"/> to every member (encoded once). When <paramref name="requester"/>
    /// is given, its copy carries <paramref name="reference"/> as ref (it is the direct answer to it).
    /// </summary>
    public void Broadcast(IEnumerable<IActorRef> members, ServerEvent e, IActorRef? requester = null, RequestRef? reference = null)
    {
        ByteString? shared = null;
        var own = requester is not null && reference is not null ? WireFrames.Of(e with { Ref = reference }) : null;
        foreach (var member in members)
            Send(member, member.Equals(requester) && own is not null ? own : shared ??= WireFrames.Of(e));
    }

    public void Send(IActorRef session, ServerEvent e) => Send(session, WireFrames.Of(e));

    private void Send(IActorRef session, ByteString frames)
    {
        if (_ports.TryGetValue(session, out var port)) port.Send(frames);
        else session.Tell(new Deliver(frames));
    }
}
