using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Storage;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Server.Rooms;

/// <summary>
/// One chat room: keeps its members, orders its messages, stores and broadcasts them.
/// A message gets its id when posted and is broadcast only once the store has confirmed it
/// (<see cref="MessageWriter"/>: every room's posts of a moment share one commit), so nobody,
/// the sender included, ever sees a message a crash could lose. Confirmations come in id order,
/// so every member receives the room's messages in one order, the order of the store.
/// Messages confirmed together go out together: each member gets one delivery (one socket
/// write) for the whole batch, sent at once so that the order members see never changes.
/// Everything a member receives from the room goes through its <see cref="MemberPort"/>,
/// straight to its connection (<see cref="RoomOutbox"/>).
/// </summary>
/// <remarks>
/// States (Become): Loading (the last id and recent messages are read from the store; requests
/// wait in the stash) → Active → Stopping (asked to stop: goes on serving until every message
/// it sent to the store is confirmed, then stops).
/// </remarks>
public sealed class RoomActor : ReceiveActor, IWithStash
{
    private readonly RoomState<IActorRef> _state;
    private readonly ConversationKey _conversation;
    private readonly string _key;
    private readonly ServerLimits _limits;
    private readonly IActorRef _registry;
    private readonly MessageStorage _storage;
    private readonly AwaitingStore<(ChatMessage Message, IActorRef Sender, RequestRef? Ref)> _unconfirmed = new();
    private readonly RoomOutbox _outbox = new();
    private long _joinsSeen;

    private sealed record Loaded(ConversationTail Tail);

    private sealed record LoadFailed(Exception Cause);

    public RoomActor(string name, string key, ServerLimits limits, IActorRef registry, MessageStorage storage)
    {
        _state = new RoomState<IActorRef>(name, limits.RoomHistorySize);
        _key = key;
        _conversation = ConversationKey.Room(key);
        _limits = limits;
        _registry = registry;
        _storage = storage;
        Become(Loading);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(string name, string key, ServerLimits limits, IActorRef registry, MessageStorage storage) =>
        Akka.Actor.Props.Create(() => new RoomActor(name, key, limits, registry, storage));

    protected override void PreStart() =>
        _storage.LoadTailAsync(_conversation, _limits.RoomHistorySize).PipeTo(Self, success: tail => new Loaded(tail), failure: e => new LoadFailed(e));

    // ---- states ---------------------------------------------------------------------

    private void Loading()
    {
        Receive<Loaded>(OnLoaded);
        Receive<LoadFailed>(OnLoadFailed);
        ReceiveAny(_ => Stash.Stash());
    }

    private void Active()
    {
        ReceiveRequests();
        Receive<StopRoom>(_ => { Become(Stopping); StopWhenConfirmed(); });
    }

    private void Stopping()
    {
        Receive<MessagesStored>(stored => { OnStored(stored); StopWhenConfirmed(); });
        Receive<MessagesNotStored>(failed => { OnNotStored(failed); StopWhenConfirmed(); });
        Receive<StopRoom>(_ => { });
        ReceiveRequests();
    }

    private void ReceiveRequests()
    {
        Receive<JoinRoom>(OnJoin);
        Receive<PostMessage>(OnPost);
        Receive<LeaveRoom>(OnLeave);
        Receive<WhoQuery>(OnWho);
        Receive<HistoryQuery>(OnHistory);
        Receive<Terminated>(OnMemberTerminated);
        Receive<MessagesStored>(OnStored);
        Receive<MessagesNotStored>(OnNotStored);
        Receive<SimulatedFault>(fault => throw new SimulatedFaultException(fault.Reason));
    }

    private void OnLoaded(Loaded loaded)
    {
        _state.Resume(loaded.Tail.LastId, loaded.Tail.Recent.Select(m => m.InRoom(_state.Name)));
        Become(Active);
        Stash.UnstashAll();
    }

    /// <summary>
    /// Without its last id the room cannot number messages: it stops (what waited for it is
    /// dropped), and the registry forgets it, so the next join starts it afresh.
    /// </summary>
    private void OnLoadFailed(LoadFailed failed)
    {
        Context.GetLogger().Error(failed.Cause, "room {0} could not read its history from the store; it stops", _state.Name);
        Context.Stop(Self);
    }

    // ---- requests -------------------------------------------------------------------

    private void OnJoin(JoinRoom join)
    {
        _joinsSeen++;
        var session = Sender;
        if (!_state.Add(session, join.UserName))
        {
            // Already in: answer as a join would, to the requester only.
            SendHistory(join.Port, join.Ref);
            join.Port.Send(new JoinedEvent(_state.Name, join.UserName, _state.Count) { Ref = join.Ref });
            return;
        }

        _outbox.Add(session, join.Port);
        Context.Watch(session);
        session.Tell(new RoomJoined(_key, _state.Name, Self));
        SendHistory(join.Port, join.Ref);
        _outbox.Broadcast(_state.Members, new JoinedEvent(_state.Name, join.UserName, _state.Count), session, join.Ref);
        _registry.Tell(new RoomMembersChanged(_key, _state.Count));
    }

    /// <summary><c>{"type":"say","text":T,"room":R}</c> → stored → <c>message</c> to every member.</summary>
    private void OnPost(PostMessage post)
    {
        var message = _state.Post(Sender, post.Text, _limits.Clock.WireUtcNow());
        if (message is null)
        {
            Answer(new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {_state.Name}") { Ref = post.Ref });
            return;
        }
        _unconfirmed.Add(message.Id, (message, Sender, post.Ref));
        _storage.Writer.Tell(new StoreMessage(StoredMessage.Of(_conversation, message)));
    }

    /// <summary>The store confirmed a batch: record it and broadcast it, one delivery per member.</summary>
    private void OnStored(MessagesStored stored)
    {
        foreach (var (message, sender, reference) in _unconfirmed.TakeStored(stored.UpToId))
        {
            _state.Record(message);
            _outbox.QueueStored(message, sender, reference);
        }
        _outbox.FlushStored(_state.Members, _state.Contains);
    }

    /// <summary>The store failed: the posters hear so; nobody else ever sees those messages.</summary>
    private void OnNotStored(MessagesNotStored failed)
    {
        foreach (var (_, sender, reference) in _unconfirmed.TakeFailed(failed.Ids))
            _outbox.Send(sender, MessagesNotStored.ErrorFor(reference));
    }

    private void OnLeave(LeaveRoom leave) => Remove(Sender, leave.Reason, leave.Ref, leave.TellLeaver);

    private void OnMemberTerminated(Terminated terminated) =>
        Remove(terminated.ActorRef, LeftReasons.Disconnected, null, tellLeaver: false);

    private void Remove(IActorRef session, string reason, RequestRef? reference, bool tellLeaver)
    {
        var name = _state.Remove(session);
        if (name is null)
        {
            if (reference is not null)
                _outbox.Send(session, new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {_state.Name}") { Ref = reference });
            return;
        }

        Context.Unwatch(session);
        var leaver = _outbox.Remove(session);
        var left = new LeftEvent(_state.Name, name, _state.Count, reason);
        _outbox.Broadcast(_state.Members, left);
        if (tellLeaver) leaver!.Send(reference is null ? left : left with { Ref = reference });
        _registry.Tell(new RoomMembersChanged(_key, _state.Count));
        if (_state.Count == 0) _registry.Tell(new RoomEmpty(_key, _joinsSeen));
    }

    private void OnWho(WhoQuery query) => Answer(new WhoEvent(_state.Name, _state.MemberNames()) { Ref = query.Ref });

    /// <summary>Recent pages come from memory; older ones from the store.</summary>
    private void OnHistory(HistoryQuery query)
    {
        if (_state.TryHistory(query.Limit, query.Before, out var kept))
        {
            Answer(new HistoryEvent(_state.Name, kept) { Ref = query.Ref });
            return;
        }

        // The store's own words (hosts, SQL) stay in the log; the client hears only that it failed.
        var room = _state.Name;
        var log = Context.GetLogger();
        _storage.ReadBeforeAsync(_conversation, query.Before ?? long.MaxValue, query.Limit)
            .PipeTo(Sender, success: page => Deliver.Of(new HistoryEvent(room, page.Select(m => m.InRoom(room)).ToList()) { Ref = query.Ref }),
                failure: e =>
                {
                    log.Warning("room {0}: history could not be read from the store: {1}", room, e.Message);
                    return Deliver.Of(new ErrorEvent(ErrorCodes.Unavailable, "history could not be read; try again later") { Ref = query.Ref });
                });
    }

    // ---- sending --------------------------------------------------------------------

    /// <summary>Stopping: once the store has answered for every message, nothing can be lost by stopping.</summary>
    private void StopWhenConfirmed()
    {
        if (_unconfirmed.IsEmpty) Context.Stop(Self);
    }

    private void SendHistory(MemberPort port, RequestRef? reference) =>
        port.Send(new HistoryEvent(_state.Name, _state.History(_limits.JoinHistoryCount)) { Ref = reference });

    /// <summary>The direct answer to the request being handled, to its sender (a member or not).</summary>
    private void Answer(ServerEvent e) => _outbox.Send(Sender, e);
}
