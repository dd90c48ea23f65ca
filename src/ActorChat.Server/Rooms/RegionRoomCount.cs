using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorChat.Server.Rooms;

/// <summary>Answers <see cref="GetRoomCount"/> on a cluster node: the rooms the node's shards run now.</summary>
public sealed class RegionRoomCount : ReceiveActor
{
    public RegionRoomCount(IActorRef region)
    {
        ReceiveAsync<GetRoomCount>(async _ =>
        {
            var asker = Sender;
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(3));
            asker.Tell(state.Shards.Sum(shard => shard.EntityIds.Count));
        });
    }

    public static Props Props(IActorRef region) => Akka.Actor.Props.Create(() => new RegionRoomCount(region));
}
