using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using ActorChat.Server.Network;
using Akka.Actor;

namespace ActorChat.Server.Rooms;

/// <summary>
/// The one way to find a room. Sessions never look rooms up themselves: they send
/// <see cref="JoinRoom"/>, queries and <see cref="RouteToRoom"/> here, so this actor
/// can later become a cluster-sharding region without touching sessions.
/// Creates a room on first join; stops it when its last member leaves (except the lobby).
/// </summary>
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
    private readonly Dictionary<string, Entry> _rooms = new(StringComparer.Ordinal);
    private long _incarnation;

    public RoomRegistry(ServerLimits limits)
    {
        _limits = limits;
        Receive<JoinRoom>(OnJoin);
        Receive<RouteToRoom>(OnRoute);
        Receive<WhoQuery>(q => ForwardOrAnswer(q.RoomName, q, () => new WhoEvent(q.RoomName, []) { Ref = q.Ref }));
        Receive<HistoryQuery>(q => ForwardOrAnswer(q.RoomName, q, () => new HistoryEvent(q.RoomName, []) { Ref = q.Ref }));
        Receive<ListRooms>(OnListRooms);
        Receive<RoomMembersChanged>(OnMembersChanged);
        Receive<RoomEmpty>(OnRoomEmpty);
    }

    public static Props Props(ServerLimits limits) => Akka.Actor.Props.Create(() => new RoomRegistry(limits));

    protected override void PreStart() => GetOrCreate(ProtocolInfo.Lobby);

    private void OnJoin(JoinRoom join)
    {
        var entry = GetOrCreate(join.RoomName);
        entry.JoinsForwarded++;
        entry.Room.Forward(join);
    }

    private void OnRoute(RouteToRoom route)
    {
        if (_rooms.TryGetValue(NameRules.Key(route.RoomName), out var entry))
            entry.Room.Forward(route.Message);
        else
            Reply(new ErrorEvent(ErrorCodes.NotInRoom, $"you are not in room {route.RoomName}") { Ref = RefOf(route.Message) });
    }

    private void ForwardOrAnswer(string roomName, object query, Func<ServerEvent> whenMissing)
    {
        if (_rooms.TryGetValue(NameRules.Key(roomName), out var entry)) entry.Room.Forward(query);
        else Reply(whenMissing());
    }

    private void OnListRooms(ListRooms query)
    {
        var rooms = _rooms.Values
            .Where(r => r.Members > 0)
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => new RoomSummary(r.Name, r.Members))
            .ToList();
        Reply(new RoomsEvent(rooms) { Ref = query.Ref });
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
        // PoisonPill, not Stop: queries already forwarded are answered first.
        entry.Room.Tell(PoisonPill.Instance);
    }

    private Entry GetOrCreate(string roomName)
    {
        var key = NameRules.Key(roomName);
        if (_rooms.TryGetValue(key, out var entry)) return entry;
        // A stopping room may still hold its name; each incarnation gets its own child name.
        var room = Context.ActorOf(RoomActor.Props(roomName, key, _limits, Self), $"room-{++_incarnation}");
        entry = new Entry(roomName, room);
        _rooms[key] = entry;
        return entry;
    }

    private void Reply(ServerEvent e) =>
        Sender.Tell(Deliver.Of(e));

    private static RequestRef? RefOf(object message) => message switch
    {
        PostMessage p => p.Ref,
        LeaveRoom l => l.Ref,
        _ => null,
    };
}
