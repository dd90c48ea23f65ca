using ActorChat.Server.Delivery;
using ActorChat.Server.Rooms;
using ActorChat.Server.Storage;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;

namespace ActorChat.Server.Hosting;

/// <summary>The sharding region of the rooms, in Akka.Hosting's actor registry.</summary>
public sealed class RoomsRegion;

/// <summary>
/// A server as a cluster node, composed with Akka.Hosting: Akka.Remote on the cluster port,
/// Akka.Cluster with the split-brain resolver keeping the majority, and the rooms as sharded
/// entities (coordinator state in distributed data, stopped with <see cref="StopRoom"/> on hand-off).
/// The node joins its seeds only once its own actors run (<see cref="ChatServer"/>), so no room
/// can start on it before the node can serve it.
/// </summary>
public static class ClusterComposition
{
    public const string RoomsTypeName = "rooms";

    public static AkkaConfigurationBuilder AddClusterNode(this AkkaConfigurationBuilder akka, ClusterSettings cluster, ServerLimits limits, IMessageStore store)
    {
        akka.WithRemoting(new RemoteOptions { HostName = cluster.BindHost, Port = cluster.Port, PublicHostName = cluster.PublicHost })
            .WithClustering(new ClusterOptions { SplitBrainResolver = new KeepMajorityOption() })
            .WithShardRegion<RoomsRegion>(
                RoomsTypeName,
                // Resolved when a room starts: the node's fan-out and writer are registered before the node joins.
                (_, registry, _) => key => RoomActor.Props(key, limits, registry.Get<NodeFanout>(), new MessageStorage(registry.Get<MessageWriter>(), store)),
                new RoomMessageExtractor(cluster.RoomShards),
                new ShardOptions
                {
                    StateStoreMode = Akka.Cluster.Sharding.StateStoreMode.DData,
                    RememberEntities = false,
                    HandOffStopMessage = StopRoom.Instance,
                    ShouldPassivateIdleEntities = false, // a room passivates itself when it is empty, never while it has members
                });
        akka.AddHocon(AkkaSettings.ForCluster(cluster), HoconAddMode.Prepend);
        return akka;
    }
}
