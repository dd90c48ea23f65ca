using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Network;
using Akka.Actor;

namespace ActorChat.Server.Rooms;

/// <summary>
/// One chat room: keeps its members, orders its messages and broadcasts them.
/// Every member receives the room's frames in the order the room sends them, which is
/// the order of the ids: one actor, one sequence. A broadcast is encoded once and the
/// same bytes go to every member; only the sender's own copy (with <c>ref</c>) differs.
/// </summary>
public sealed class RoomActor : ReceiveActor
{
    private readonly RoomState<IActorRef> _state;
    private readonly string _key;
    private readonly ServerLimits _limits;
    private readonly IActorRef _registry;
    private long _joinsSeen;

    public RoomActor(string name, string key, ServerLimits limits, IActorRef registry)
    {
        _state = new RoomState<IActorRef>(name, limits.RoomHistorySize);
        _key = key;
        _limits = limits;
        _registry = registry;

        Receive<JoinRoom>(OnJoin);
        Receive<PostMessage>(OnPost);
        Receive<LeaveRoom>(OnLeave);
        Receive<WhoQuery>(OnWho);
        Receive<HistoryQuery>(OnHistory);
        Receive<Terminated>(OnMemberTerminated);
    }

    public static Props Props(string name, string key, ServerLimits limits, IActorRef registry) =>
        Akka.Actor.Props.Create(() => new RoomActor(name, key, limits, registry));

    private void OnJoin(JoinRoom join)
    {
        _joinsSeen++;
        var session = Sender;
        if (!_state.Add(session, join.UserName))
        {
            // Already in: answer as a join would, to the requester only.
            SendHistory(session, join.Ref);
            Send(session, new JoinedEvent(_state.Name, join.UserName, _state.Count) { Ref = join.Ref });
            return;
        }

        Context.Watch(session);
        session.Tell(new RoomJoined(_key, _state.Name, Self));
        SendHistory(session, join.Ref);
        Broadcast(new JoinedEvent(_state.Name, join.UserName, _state.Count), session, join.Ref);
        _registry.Tell(new RoomMembersChanged(_key, _state.Count));
    }

    private void OnPost(PostMessage post)
    {
        var message = _state.Post(Sender, post.Text, _limits.Clock.WireUtcNow());
        if (message is null)
        {
            Send(Sender, new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {_state.Name}") { Ref = post.Ref });
            return;
        }
        Broadcast(message, Sender, post.Ref);
    }

    private void OnLeave(LeaveRoom leave) => Remove(Sender, leave.Reason, leave.Ref, tellLeaver: true);

    private void OnMemberTerminated(Terminated terminated) =>
        Remove(terminated.ActorRef, LeftReasons.Disconnected, null, tellLeaver: false);

    private void Remove(IActorRef session, string reason, RequestRef? reference, bool tellLeaver)
    {
        var name = _state.Remove(session);
        if (name is null)
        {
            if (reference is not null)
                Send(session, new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {_state.Name}") { Ref = reference });
            return;
        }

        Context.Unwatch(session);
        var left = new LeftEvent(_state.Name, name, _state.Count, reason);
        Broadcast(left, tellLeaver ? session : null, reference);
        _registry.Tell(new RoomMembersChanged(_key, _state.Count));
        if (_state.Count == 0) _registry.Tell(new RoomEmpty(_key, _joinsSeen));
    }

    private void OnWho(WhoQuery query) =>
        Send(Sender, new WhoEvent(_state.Name, _state.MemberNames()) { Ref = query.Ref });

    private void OnHistory(HistoryQuery query) =>
        Send(Sender, new HistoryEvent(_state.Name, _state.History(query.Limit, query.Before)) { Ref = query.Ref });

    private void SendHistory(IActorRef session, RequestRef? reference) =>
        Send(session, new HistoryEvent(_state.Name, _state.History(_limits.JoinHistoryCount)) { Ref = reference });

    /// <summary>
    /// Sends <paramref name="e"/> to every member. When <paramref name="requester"/> is given,
    /// its copy carries <paramref name="reference"/> as ref (it is the direct answer to it).
    /// </summary>
    private void Broadcast(ServerEvent e, IActorRef? requester, RequestRef? reference)
    {
        var shared = Deliver.Of(e);
        var own = requester is not null && reference is not null
            ? Deliver.Of(e with { Ref = reference })
            : shared;
        foreach (var member in _state.Members)
            member.Tell(member.Equals(requester) ? own : shared);
        if (requester is not null && !_state.Contains(requester)) requester.Tell(own);
    }

    private static void Send(IActorRef session, ServerEvent e) =>
        session.Tell(Deliver.Of(e));
}
