using ActorChat.Messages.Events;
using ActorChat.Server.Rooms;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Delivery;

/// <summary>
/// One per node: the node's end of every room that has members here. A room on another node
/// sends each broadcast here once, and this actor writes it to the room's members on this node;
/// a room on this node writes to its members itself, but tells this actor of them too. It
/// watches every room incarnation its sessions are in: when one ends (passivated, handed off to
/// another node, lost with its node), it tells those sessions, which restore themselves into
/// the room's next incarnation, wherever sharding starts it (the pattern of petabridge's
/// DrawTogether.NET). It also answers <c>rooms</c> for this node.
/// </summary>
public sealed class NodeFanout : ReceiveActor
{
    /// <summary>The name the fan-out has on every node, under /user.</summary>
    public const string Name = "fanout";

    /// <summary>Fan-out → whoever asked: the rooms with members on this node, and how many each.</summary>
    public sealed record RoomCounts(IReadOnlyList<RoomSummary> Rooms);

    /// <summary>Asks for this node's <see cref="RoomCounts"/>.</summary>
    public sealed class CountRooms
    {
        public static readonly CountRooms Instance = new();
        private CountRooms() { }
    }

    /// <summary>Asks how many deliveries came from rooms on other nodes (answered with a <see cref="long"/>).</summary>
    public sealed class CountRemoteBatches
    {
        public static readonly CountRemoteBatches Instance = new();
        private CountRemoteBatches() { }
    }

    private readonly NodeMembership<IActorRef> _members = new();
    private long _remoteBatches;

    public NodeFanout()
    {
        Receive<MemberAdded>(OnMemberAdded);
        Receive<MemberRemoved>(OnMemberRemoved);
        Receive<FramesToMember>(OnFramesToMember);
        Receive<FramesToRoomMembers>(OnFramesToRoomMembers);
        Receive<RoomStopped>(stopped => OnIncarnationEnded(Sender, stopped.LastId));
        Receive<Terminated>(terminated => OnIncarnationEnded(terminated.ActorRef, null));
        Receive<CountRooms>(_ => Sender.Tell(new RoomCounts(Counts())));
        Receive<CountRemoteBatches>(_ => Sender.Tell(_remoteBatches));
        Receive<ListRooms>(list => Sender.Tell(Deliver.Of(new RoomsEvent(Counts()) { Ref = list.Ref })));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new NodeFanout());

    private void OnMemberAdded(MemberAdded added)
    {
        if (_members.Add(added.RoomKey, added.RoomName, added.Port.Session, added.Port, Sender)) Context.Watch(Sender);
    }

    private void OnMemberRemoved(MemberRemoved removed)
    {
        if (_members.Remove(removed.RoomKey, removed.Session, Sender)) Context.Unwatch(Sender);
    }

    /// <summary>For a member, through its connection (after the room's other frames); for anybody else, through its session.</summary>
    private void OnFramesToMember(FramesToMember frames)
    {
        _remoteBatches++;
        if (_members.PortOf(frames.RoomKey, frames.Session) is { } port) port.Write(ByteString.FromBytes(frames.Frames));
        else frames.Session.Tell(new Deliver(frames.Frames));
    }

    private void OnFramesToRoomMembers(FramesToRoomMembers broadcast)
    {
        _remoteBatches++;
        var shared = broadcast.Shared.Length == 0 ? null : ByteString.FromBytes(broadcast.Shared);
        Dictionary<IActorRef, byte[]>? own = null;
        if (broadcast.Own.Count > 0)
        {
            own = new Dictionary<IActorRef, byte[]>(broadcast.Own.Count);
            foreach (var copy in broadcast.Own) own[copy.Session] = copy.Frames;
        }

        foreach (var port in _members.MembersOf(broadcast.RoomKey, Sender))
        {
            if (own is not null && own.Remove(port.Session, out var mine)) port.Write(ByteString.FromBytes(mine));
            else if (shared is not null) port.Write(shared);
        }
        if (own is not null)
            foreach (var (session, frames) in own) session.Tell(new Deliver(frames)); // a poster who has left: its answers
        _members.Sent(Sender, broadcast.UpToId);
    }

    private void OnIncarnationEnded(IActorRef incarnation, long? lastId)
    {
        Context.Unwatch(incarnation);
        if (_members.End(incarnation, lastId) is not { } ended) return;
        var moved = new RoomMoved(ended.RoomName, ended.AfterId);
        foreach (var session in ended.Sessions) session.Tell(moved);
    }

    private List<RoomSummary> Counts() =>
        _members.Counts().Where(r => r.Members > 0)
            .OrderBy(r => r.RoomName, StringComparer.OrdinalIgnoreCase)
            .Select(r => new RoomSummary(r.RoomName, r.Members))
            .ToList();
}
