using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using ActorChat.Server.Delivery;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Storage;
using Akka.Actor;

namespace ActorChat.Server.Rooms;

/// <summary>
/// The one way to find a room. Sessions never look rooms up themselves: they send
/// <see cref="JoinRoom"/>, queries and <see cref="RouteToRoom"/> here, so this actor
/// can later become a cluster-sharding region without touching sessions.
/// Starts a room on first join; stops it when its last member leaves (except the lobby).
/// </summary>
/// <remarks>
/// A room is a persistent actor: two incarnations of one room must never run at once. While
/// a room is stopping, what arrives for it waits here and goes to its next incarnation,
/// started once the old one has terminated.
/// </remarks>
public sealed class RoomRegistry : ReceiveActor
{
    private sealed class Entry(string name, IActorRef room)
    {
        public string Name { get; } = name;
        public IActorRef Room { get; } = room;
        public int Members { get; set; }
        public long JoinsForwarded { get; set; }
    }

    private readonly ServerLimits _limits;
    private readonly MessageStorage _storage;
    private readonly Dictionary<string, Entry> _rooms = new(StringComparer.Ordinal);
    private readonly StoppingChildren<string> _stopping = new();
    private long _incarnation;

    public RoomRegistry(ServerLimits limits, MessageStorage storage)
    {
        _limits = limits;
        _storage = storage;
        Receive<JoinRoom>(join => ToRoom(join, Sender));
        Receive<RouteToRoom>(route => ToRoom(route, Sender));
        Receive<WhoQuery>(query => ToRoom(query, Sender));
        Receive<HistoryQuery>(query => ToRoom(query, Sender));
        Receive<ListRooms>(OnListRooms);
        Receive<RoomMembersChanged>(OnMembersChanged);
        Receive<RoomEmpty>(OnRoomEmpty);
        Receive<Terminated>(OnRoomTerminated);
        Receive<GetRoomCount>(_ => Sender.Tell(_rooms.Count + _stopping.Count));
    }

    public static Props Props(ServerLimits limits, MessageStorage storage) =>
        Akka.Actor.Props.Create(() => new RoomRegistry(limits, storage));

    /// <summary>A fault in a child drops the message and keeps the child's state (<see cref="Supervision"/>).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Supervision.ResumeOnFault();

    protected override void PreStart() => Start(ProtocolInfo.Lobby, ProtocolInfo.Lobby);

    /// <summary>Forwards to the room; waits while it stops; starts it for a join; answers for a room that is not there.</summary>
    private void ToRoom(object request, IActorRef sender)
    {
        var (roomName, message) = request switch
        {
            JoinRoom j => (j.RoomName, (object)j),
            RouteToRoom r => (r.RoomName, r.Message),
            WhoQuery q => (q.RoomName, q),
            HistoryQuery q => (q.RoomName, q),
            _ => throw new ArgumentException($"{request.GetType().Name} is not for a room", nameof(request)),
        };
        var key = NameRules.Key(roomName);
        if (_stopping.TryHold(key, request, sender)) return;
        if (!_rooms.TryGetValue(key, out var entry))
        {
            if (message is not JoinRoom)
            {
                sender.Tell(Deliver.Of(AnswerForMissingRoom(roomName, message)));
                return;
            }
            entry = Start(roomName, key);
        }
        if (message is JoinRoom) entry.JoinsForwarded++;
        entry.Room.Tell(message, sender);
    }

    private static ServerEvent AnswerForMissingRoom(string roomName, object message) => message switch
    {
        WhoQuery q => new WhoEvent(roomName, []) { Ref = q.Ref },
        HistoryQuery q => new HistoryEvent(roomName, []) { Ref = q.Ref },
        PostMessage p => new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {roomName}") { Ref = p.Ref },
        LeaveRoom l => new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {roomName}") { Ref = l.Ref },
        _ => new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {roomName}"),
    };

    private void OnListRooms(ListRooms query)
    {
        var rooms = _rooms.Values
            .Where(r => r.Members > 0)
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => new RoomSummary(r.Name, r.Members))
            .ToList();
        Sender.Tell(Deliver.Of(new RoomsEvent(rooms) { Ref = query.Ref }));
    }

    private void OnMembersChanged(RoomMembersChanged changed)
    {
        if (_rooms.TryGetValue(changed.Key, out var entry) && entry.Room.Equals(Sender))
            entry.Members = changed.Members;
    }

    private void OnRoomEmpty(RoomEmpty empty)
    {
        if (empty.Key == ProtocolInfo.Lobby) return;
        if (!_rooms.TryGetValue(empty.Key, out var entry) || !entry.Room.Equals(Sender)) return;
        // A join forwarded after the room reported empty is still in its mailbox: keep it.
        if (entry.JoinsForwarded != empty.JoinsSeen) return;
        _rooms.Remove(empty.Key);
        _stopping.Add(entry.Room, empty.Key);
        entry.Room.Tell(StopRoom.Instance);
    }

    /// <summary>
    /// A room ended: one we stopped (what waited for it goes to a new incarnation), or one
    /// that stopped on its own because its store failed (forgotten; the next join starts it afresh).
    /// </summary>
    private void OnRoomTerminated(Terminated terminated)
    {
        if (_stopping.TryEnd(terminated.ActorRef, out var waiting))
        {
            foreach (var (request, sender) in waiting) ToRoom(request, sender); // in arrival order
            return;
        }

        var failed = _rooms.FirstOrDefault(r => r.Value.Room.Equals(terminated.ActorRef));
        if (failed.Value is null) return;
        _rooms.Remove(failed.Key);
    }

    private Entry Start(string roomName, string key)
    {
        // Each incarnation gets its own child name: a stopped one may still hold the old name.
        var room = Context.ActorOf(RoomActor.Props(roomName, key, _limits, Self, _storage), $"room-{++_incarnation}");
        Context.Watch(room);
        var entry = new Entry(roomName, room);
        _rooms[key] = entry;
        return entry;
    }
}
