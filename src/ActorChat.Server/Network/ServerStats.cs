using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using Akka.Actor;

namespace ActorChat.Server.Network;

/// <summary>
/// Answers <c>stats</c> (an ActorChat addition, like IRC's LUSERS): asks the listener for its
/// sessions, the user directory for its users and direct conversations and the room registry
/// for its rooms, all at once, and sends the session that asked one <c>stats</c> frame, or
/// <c>unavailable</c> if any of them does not answer in time. It keeps no counts of its own.
/// </summary>
public sealed class ServerStats : ReceiveActor
{
    /// <summary>Session → stats: answer me (the sender) with the server's counts.</summary>
    public sealed record Query(RequestRef? Ref);

    /// <summary>Where sessions are counted: the listener, which is made after this actor (it hands this actor to its sessions).</summary>
    public sealed record CountSessionsAt(IActorRef Listener);

    private readonly IActorRef _users;
    private readonly IActorRef _rooms;
    private readonly IActorRef? _fanout;
    private readonly TimeSpan _timeout;
    private IActorRef? _listener;

    public ServerStats(IActorRef users, IActorRef rooms, IActorRef? fanout, TimeSpan timeout)
    {
        _users = users;
        _rooms = rooms;
        _fanout = fanout;
        _timeout = timeout;
        Receive<CountSessionsAt>(at => _listener = at.Listener);
        Receive<Query>(OnQuery);
    }

    /// <param name="fanout">On a cluster node, the node's fan-out: its count of broadcasts from rooms on other nodes.</param>
    /// <param name="timeout">How long each count may take before the answer is <c>unavailable</c>.</param>
    public static Props Props(IActorRef users, IActorRef rooms, IActorRef? fanout = null, TimeSpan? timeout = null) =>
        Akka.Actor.Props.Create(() => new ServerStats(users, rooms, fanout, timeout ?? TimeSpan.FromSeconds(5)));

    private void OnQuery(Query query)
    {
        var session = Sender;
        if (_listener is null)
        {
            session.Tell(Unavailable(query, "the server is still starting"));
            return;
        }
        var sessions = _listener.Ask<int>(GetSessionCount.Instance, _timeout);
        var users = _users.Ask<int>(GetUserCount.Instance, _timeout);
        var rooms = _rooms.Ask<int>(GetRoomCount.Instance, _timeout);
        var conversations = _users.Ask<int>(GetConversationCount.Instance, _timeout);
        var remote = _fanout is null ? Task.FromResult<long?>(null) : _fanout.Ask<long>(NodeFanout.CountRemoteBatches.Instance, _timeout).ContinueWith(t => (long?)t.Result, TaskScheduler.Default);
        Task.WhenAll(sessions, users, rooms, conversations, remote).PipeTo(session,
            success: () => Deliver.Of(new StatsEvent(sessions.Result, users.Result, rooms.Result, conversations.Result) { RemoteBatches = remote.Result, Ref = query.Ref }),
            failure: _ => Unavailable(query, "the server's counts did not come in time; try again"));
    }

    private static Deliver Unavailable(Query query, string why) =>
        Deliver.Of(new ErrorEvent(ErrorCodes.Unavailable, why) { Ref = query.Ref });
}
