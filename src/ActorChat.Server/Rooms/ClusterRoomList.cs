using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using ActorChat.Server.Delivery;
using Akka.Actor;
using Akka.Cluster;

namespace ActorChat.Server.Rooms;

/// <summary>
/// Answers <c>rooms</c> for the whole cluster: asks the fan-out of every member node how many of
/// its sessions are in which room (<see cref="NodeFanout.CountRooms"/>) and adds them up. A node that
/// does not answer in time counts as having nobody in any room.
/// </summary>
public sealed class ClusterRoomList : ReceiveActor
{
    private readonly TimeSpan _timeout;

    public ClusterRoomList(TimeSpan timeout)
    {
        _timeout = timeout;
        Receive<ListRooms>(OnListRooms);
    }

    public static Props Props(TimeSpan? timeout = null) => Akka.Actor.Props.Create(() => new ClusterRoomList(timeout ?? TimeSpan.FromSeconds(3)));

    private void OnListRooms(ListRooms list)
    {
        var members = Cluster.Get(Context.System).State.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Leaving)
            .ToList();
        var asks = members.Select(member =>
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / NodeFanout.Name)
                .Ask<NodeFanout.RoomCounts>(NodeFanout.CountRooms.Instance, _timeout)
                .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.Rooms : [], TaskScheduler.Default));
        Task.WhenAll(asks)
            .ContinueWith(t => Deliver.Of(new RoomsEvent(Sum(t.Result)) { Ref = list.Ref }), TaskScheduler.Default)
            .PipeTo(Sender);
    }

    /// <summary>One line per room (by key, under the first name seen), its members on every node added up.</summary>
    internal static List<RoomSummary> Sum(IEnumerable<IReadOnlyList<RoomSummary>> perNode)
    {
        var byKey = new Dictionary<string, RoomSummary>(StringComparer.Ordinal);
        foreach (var room in perNode.SelectMany(rooms => rooms))
        {
            var key = NameRules.Key(room.Name);
            byKey[key] = byKey.TryGetValue(key, out var seen) ? seen with { Members = seen.Members + room.Members } : room;
        }
        return byKey.Values.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
