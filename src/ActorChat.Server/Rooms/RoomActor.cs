using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Network;
using ActorChat.Server.Persistence;
using Akka.Actor;
using Akka.IO;
using Akka.Persistence;

namespace ActorChat.Server.Rooms;

/// <summary>
/// One chat room: keeps its members, orders its messages, stores and broadcasts them.
/// A message gets its id when posted and is broadcast only once it is durably stored
/// (PersistAsync: posts that arrive together are written together), so nobody, the sender
/// included, ever sees a message a crash could lose. Callbacks run in id order, so every
/// member receives the room's messages in one order, the order of the journal.
/// A broadcast is encoded once; only the sender's own copy (with <c>ref</c>) differs.
/// Messages stored together go out together: each member gets one delivery (one socket
/// write) for the whole batch (<see cref="BroadcastBatch{TMember}"/>), drained before the
/// room sends anything else so that the order members see never changes.
/// </summary>
public sealed class RoomActor : ReceivePersistentActor
{
    private readonly RoomState<IActorRef> _state;
    private readonly string _key;
    private readonly ServerLimits _limits;
    private readonly IActorRef _registry;
    private readonly JournalReader _journal;
    private readonly BroadcastBatch<IActorRef> _stored = new();
    private bool _flushScheduled;
    private long _joinsSeen;

    /// <summary>Sent to self: broadcast what has been stored since the last flush.</summary>
    private sealed class FlushStored
    {
        public static readonly FlushStored Instance = new();
    }

    public RoomActor(string name, string key, ServerLimits limits, IActorRef registry, JournalReader journal)
    {
        _state = new RoomState<IActorRef>(name, limits.RoomHistorySize);
        _key = key;
        _limits = limits;
        _registry = registry;
        _journal = journal;

        Recover<SnapshotOffer>(offer => RestoreSnapshot((RoomSnapshot)offer.Snapshot));
        Recover<RoomMessageStored>(stored => _state.Record(stored.ToMessage(_state.Name)));

        Command<JoinRoom>(OnJoin);
        Command<PostMessage>(OnPost);
        Command<LeaveRoom>(OnLeave);
        Command<WhoQuery>(OnWho);
        Command<HistoryQuery>(OnHistory);
        Command<Terminated>(OnMemberTerminated);
        Command<FlushStored>(_ => OnFlushStored());
        Command<SimulatedFault>(fault => throw new SimulatedFaultException(fault.Reason));
        // Stop only after the callbacks of writes still in flight have run (and their broadcast).
        Command<StopRoom>(stop => DeferAsync(stop, _ =>
        {
            FlushPending();
            Context.Stop(Self);
        }));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { }); // the journal still has everything
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => PersistenceIdOf(_key);

    public static string PersistenceIdOf(string roomKey) => "room-" + roomKey;

    public static Props Props(string name, string key, ServerLimits limits, IActorRef registry, JournalReader journal) =>
        Akka.Actor.Props.Create(() => new RoomActor(name, key, limits, registry, journal));

    private void RestoreSnapshot(RoomSnapshot snapshot)
    {
        foreach (var stored in snapshot.Recent) _state.Record(stored.ToMessage(_state.Name));
    }

    private void OnJoin(JoinRoom join)
    {
        FlushPending();
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

    /// <summary><c>{"type":"say","text":T,"room":R}</c> → stored → <c>message</c> to every member.</summary>
    private void OnPost(PostMessage post)
    {
        var sender = Sender;
        var message = _state.Post(sender, post.Text, _limits.Clock.WireUtcNow());
        if (message is null)
        {
            Send(sender, new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {_state.Name}") { Ref = post.Ref });
            return;
        }

        PersistAsync(RoomMessageStored.Of(message), stored =>
        {
            _state.Record(message);
            QueueBroadcast(message, sender, post.Ref);
            if (stored.Id % _limits.RoomSnapshotEvery == 0)
                SaveSnapshot(new RoomSnapshot(stored.Id, _state.History(_limits.RoomHistorySize).Select(RoomMessageStored.Of).ToList()));
        });
    }

    private void OnLeave(LeaveRoom leave) => Remove(Sender, leave.Reason, leave.Ref, tellLeaver: true);

    private void OnMemberTerminated(Terminated terminated) =>
        Remove(terminated.ActorRef, LeftReasons.Disconnected, null, tellLeaver: false);

    private void Remove(IActorRef session, string reason, RequestRef? reference, bool tellLeaver)
    {
        FlushPending();
        var name = _state.Remove(session);
        if (name is null)
        {
            if (reference is not null)
                Send(session, new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {_state.Name}") { Ref = reference });
            return;
        }

        Context.Unwatch(session);
        Broadcast(new LeftEvent(_state.Name, name, _state.Count, reason), tellLeaver ? session : null, reference);
        _registry.Tell(new RoomMembersChanged(_key, _state.Count));
        if (_state.Count == 0) _registry.Tell(new RoomEmpty(_key, _joinsSeen));
    }

    private void OnWho(WhoQuery query) =>
        Send(Sender, new WhoEvent(_state.Name, _state.MemberNames()) { Ref = query.Ref });

    /// <summary>
    /// A stored message joins the batch to broadcast; the flush is a message to self, so every
    /// write confirmation already in the mailbox joins the same batch (one socket write per
    /// member for all of them).
    /// </summary>
    private void QueueBroadcast(ChatMessage message, IActorRef sender, RequestRef? reference)
    {
        var shared = ProtocolSerializer.EncodeEvent(message);
        var own = reference is null ? null : ProtocolSerializer.EncodeEvent(message with { Ref = reference });
        _stored.Add(shared, sender, own);
        if (_flushScheduled) return;
        _flushScheduled = true;
        Self.Tell(FlushStored.Instance);
    }

    private void OnFlushStored()
    {
        _flushScheduled = false;
        FlushPending();
    }

    /// <summary>Broadcasts the stored batch; called before anything else is sent, so order is kept.</summary>
    private void FlushPending() =>
        _stored.Drain(_state.Members, _state.Contains, (member, frames) => member.Tell(new Deliver(ByteString.FromBytes(frames))));

    /// <summary>Recent pages come from memory; older ones from the journal (ids are sequence numbers).</summary>
    private void OnHistory(HistoryQuery query)
    {
        FlushPending();
        var range = _state.PageRange(query.Limit, query.Before);
        if (_state.HoldsInMemory(range))
        {
            Send(Sender, new HistoryEvent(_state.Name, _state.History(query.Limit, query.Before)) { Ref = query.Ref });
            return;
        }

        var room = _state.Name;
        _journal.ReadAsync<RoomMessageStored>(PersistenceId, range.From, range.To)
            .PipeTo(Sender, success: page => Deliver.Of(new HistoryEvent(room, page.Select(m => m.ToMessage(room)).ToList()) { Ref = query.Ref }),
                failure: e => Deliver.Of(new ErrorEvent(ErrorCodes.Unavailable, "history could not be read: " + e.Message) { Ref = query.Ref }));
    }

    private void SendHistory(IActorRef session, RequestRef? reference) =>
        Send(session, new HistoryEvent(_state.Name, _state.History(_limits.JoinHistoryCount)) { Ref = reference });

    /// <summary>
    /// Sends <paramref name="e"/> to every member. When <paramref name="requester"/> is given,
    /// its copy carries <paramref name="reference"/> as ref (it is the direct answer to it).
    /// </summary>
    private void Broadcast(ServerEvent e, IActorRef? requester, RequestRef? reference)
    {
        Deliver? shared = null;
        var own = requester is not null && reference is not null ? Deliver.Of(e with { Ref = reference }) : null;
        foreach (var member in _state.Members)
            member.Tell(member.Equals(requester) && own is not null ? own : shared ??= Deliver.Of(e));
        if (requester is not null && !_state.Contains(requester)) requester.Tell(own ?? (shared ??= Deliver.Of(e)));
    }

    private void Send(IActorRef session, ServerEvent e)
    {
        FlushPending();
        session.Tell(Deliver.Of(e));
    }
}
