using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Metrics;
using ActorChat.Server.Storage;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;

namespace ActorChat.Server.Rooms;

/// <summary>
/// One chat room: keeps its members, orders its messages, stores and broadcasts them.
/// A message gets its id when posted and is broadcast only once the store has confirmed it
/// (<see cref="MessageWriter"/>: every room's posts of a moment share one commit), so nobody,
/// the sender included, ever sees a message a crash could lose. Confirmations come in id order,
/// so every member receives the room's messages in one order, the order of the store.
/// Messages confirmed together go out together, one delivery per member on this node and one
/// per other node with members (<see cref="RoomOutbox"/>).
/// </summary>
/// <remarks>
/// <para>States (Become): Loading (the last id and recent messages are read from the store; requests
/// wait in the stash) → Active → Stopping (asked to stop: goes on serving until every message
/// it sent to the store is confirmed, then stops).</para>
/// <para>A room runs under a parent that starts it for any request and never runs two of it at
/// once: the <see cref="RoomRegistry"/> on a single node, a shard in a cluster. Empty, it asks
/// its parent to passivate it. Its members' nodes follow it (<see cref="NodeFanout"/>): when it
/// stops with members, they restore themselves into its next incarnation.</para>
/// </remarks>
public sealed class RoomActor : ReceiveActor, IWithStash
{
    private readonly ConversationKey _conversation;
    private readonly string _key;
    private readonly ServerLimits _limits;
    private readonly IActorRef _localNode;
    private readonly MessageStorage _storage;
    private readonly ChatMetrics _metrics = ChatMetrics.Of(Context.System);
    private RoomState<IActorRef> _state = null!;
    private RoomOutbox _outbox = null!;
    private RoomPosts _posts = null!;
    private RoomHistoryPages _history = null!;
    private string? _name;
    private bool _passivating;

    private sealed record Loaded(ConversationTail Tail);

    private sealed record LoadFailed(Exception Cause);

    /// <param name="localNode">The fan-out of the node the room runs on (<see cref="NodeFanout"/>).</param>
    public RoomActor(string key, ServerLimits limits, IActorRef localNode, MessageStorage storage)
    {
        _key = key;
        _conversation = ConversationKey.Room(key);
        _limits = limits;
        _localNode = localNode;
        _storage = storage;
        Become(Loading);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(string key, ServerLimits limits, IActorRef localNode, MessageStorage storage) =>
        Akka.Actor.Props.Create(() => new RoomActor(key, limits, localNode, storage));

    protected override void PreStart()
    {
        _metrics.RoomStarted(Context);
        _storage.LoadTailAsync(_conversation, _limits.RoomHistorySize, _limits).PipeTo(Self, success: tail => new Loaded(tail), failure: e => new LoadFailed(e));
    }

    protected override void PostStop() => _metrics.RoomStopped(Self);

    // ---- states ---------------------------------------------------------------------

    /// <summary>The room's name as shown comes with its first request (a shard starts it from its key).</summary>
    private void Loading()
    {
        Receive<Loaded>(OnLoaded);
        Receive<LoadFailed>(OnLoadFailed);
        ReceiveAny(message =>
        {
            _name ??= (message as IRoomCommand)?.RoomName;
            Stash.Stash();
        });
    }

    private void Active()
    {
        ReceiveRequests();
        Receive<StopRoom>(_ => { Become(Stopping); StopWhenConfirmed(); });
    }

    private void Stopping()
    {
        Receive<MessagesStored>(stored => { _posts.Stored(stored); StopWhenConfirmed(); });
        Receive<MessagesNotStored>(failed => { _posts.NotStored(failed); StopWhenConfirmed(); });
        Receive<StopRoom>(_ => { });
        ReceiveRequests();
    }

    private void ReceiveRequests()
    {
        Receive<JoinRoom>(OnJoin);
        Receive<PostMessage>(OnPost);
        Receive<LeaveRoom>(OnLeave);
        Receive<RestoreMember>(OnRestore);
        Receive<WhoQuery>(OnWho);
        Receive<HistoryQuery>(OnHistory);
        Receive<Terminated>(OnMemberTerminated);
        Receive<MessagesStored>(stored => _posts.Stored(stored));
        Receive<MessagesNotStored>(failed => _posts.NotStored(failed));
        Receive<SimulatedFault>(fault => throw new SimulatedFaultException(fault.Reason));
    }

    private void OnLoaded(Loaded loaded)
    {
        var name = _name ?? _key;
        _state = new RoomState<IActorRef>(name, _limits.RoomHistorySize);
        _outbox = new RoomOutbox(_key, name, _localNode, _metrics);
        _state.Resume(loaded.Tail.LastId, loaded.Tail.Recent.Select(m => m.InRoom(name)));
        var resends = new ResendWindow<IActorRef>(_limits.ResendWindow, _limits.ResendCapacity);
        foreach (var earlier in loaded.Tail.Resendable) resends.Add(earlier.InRoom(name), earlier.ClientRef);
        _posts = new RoomPosts(_conversation, _state, _outbox, resends, _storage.Writer);
        _history = new RoomHistoryPages(_conversation, _state, _storage, Context.GetLogger());
        Become(Active);
        Stash.UnstashAll();
    }

    /// <summary>
    /// Without its last id the room cannot number messages: it stops (what waited for it is
    /// dropped); the next request starts it afresh.
    /// </summary>
    private void OnLoadFailed(LoadFailed failed)
    {
        Context.GetLogger().Error(failed.Cause, "room {0} could not read its history from the store; it stops", _name ?? _key);
        Context.Stop(Self);
    }

    // ---- requests -------------------------------------------------------------------

    private void OnJoin(JoinRoom join)
    {
        var session = join.Port.Session;
        if (join.Replacing && _state.MemberNamed(join.UserName, session) is { } replaced)
            Remove(replaced, ByeReasons.Replaced, null, tellLeaver: false);
        if (!Admit(join.Port, join.UserName))
        {
            // Already in: answer as a join would, to the requester only.
            SendHistory(session, join.Ref);
            _outbox.Send(session, new JoinedEvent(_state.Name, join.UserName, _state.Count) { Ref = join.Ref });
            return;
        }

        SendHistory(session, join.Ref);
        _outbox.Broadcast(new JoinedEvent(_state.Name, join.UserName, _state.Count), session, join.Ref);
    }

    /// <summary>A member comes back to a new incarnation: it gets what it missed, nobody hears a join.</summary>
    private void OnRestore(RestoreMember restore)
    {
        var missed = _state.Restore(restore.Port.Session, restore.UserName, restore.AfterId, out var added);
        if (added) Follow(restore.Port);
        foreach (var message in missed) _outbox.Send(restore.Port.Session, WireFrames.Of(message, null).Shared);
    }

    /// <summary>Adds a member (watched, its node told); false when it was already in.</summary>
    private bool Admit(MemberPort port, string userName)
    {
        if (!_state.Add(port.Session, userName)) return false;
        Follow(port);
        return true;
    }

    private void Follow(MemberPort port)
    {
        _outbox.Add(port.Session, port);
        Context.Watch(port.Session);
    }

    /// <summary><c>{"type":"say","text":T,"room":R}</c> → stored → <c>message</c> to every member.</summary>
    private void OnPost(PostMessage post)
    {
        // A member of an earlier incarnation whose restore has not come yet (the room moved): back at once.
        if (_state.AddAwaitingRestore(post.Port.Session, post.UserName)) Follow(post.Port);
        _posts.Post(post.Port.Session, post.Text, post.Ref, _limits.Clock.WireUtcNow());
    }

    private void OnLeave(LeaveRoom leave)
    {
        if (Remove(Sender, leave.Reason, leave.Ref, leave.TellLeaver) || !leave.TellLeaver) return;
        // Not a member of this incarnation: the room moved before the session's restore reached it.
        // The session only leaves rooms it is in, so it hears its leave as done.
        _outbox.Send(Sender, new LeftEvent(_state.Name, leave.UserName, _state.Count, leave.Reason) { Ref = leave.Ref });
    }

    private void OnMemberTerminated(Terminated terminated) =>
        Remove(terminated.ActorRef, LeftReasons.Disconnected, null, tellLeaver: false);

    private bool Remove(IActorRef session, string reason, RequestRef? reference, bool tellLeaver)
    {
        var name = _state.Remove(session);
        if (name is null) return false;

        Context.Unwatch(session);
        var left = new LeftEvent(_state.Name, name, _state.Count, reason);
        _outbox.Remove(session, tellLeaver ? WireFrames.Bytes(reference is null ? left : left with { Ref = reference }) : null);
        _outbox.Broadcast(left);
        if (_state.Count == 0) PassivateUnlessLobby();
        return true;
    }

    private void PassivateUnlessLobby()
    {
        if (_key == ProtocolInfo.Lobby || _passivating) return;
        _passivating = true;
        Context.Parent.Tell(new Passivate(StopRoom.Instance));
    }

    private void OnWho(WhoQuery query)
    {
        Answer(new WhoEvent(_state.Name, _state.MemberNames()) { Ref = query.Ref });
        PassivateWhenEmpty();
    }

    /// <summary>Recent pages come from memory; older ones from the store, straight to the asker.</summary>
    private void OnHistory(HistoryQuery query)
    {
        if (_history.Answer(query, Sender) is { } page) Answer(page);
        PassivateWhenEmpty();
    }

    // ---- sending --------------------------------------------------------------------

    /// <summary>A room started only to answer a query (nobody in it) does not stay.</summary>
    private void PassivateWhenEmpty()
    {
        if (_state.Count == 0 && _posts.AllAnswered) PassivateUnlessLobby();
    }

    /// <summary>
    /// Stopping: once the store has answered for every message, nothing can be lost by stopping.
    /// The nodes with members hear it first, so their sessions restore themselves into the next incarnation.
    /// </summary>
    private void StopWhenConfirmed()
    {
        if (!_posts.AllAnswered) return;
        _outbox.Stopped(_state.LastRecordedId);
        Context.Stop(Self);
    }

    private void SendHistory(IActorRef member, RequestRef? reference) =>
        _outbox.Send(member, new HistoryEvent(_state.Name, _state.History(_limits.JoinHistoryCount)) { Ref = reference });

    /// <summary>The direct answer to the request being handled, to its sender (a member or not).</summary>
    private void Answer(ServerEvent e) => _outbox.Send(Sender, e);
}
