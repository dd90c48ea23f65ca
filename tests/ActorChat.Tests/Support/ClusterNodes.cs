using ActorChat.Server;
using ActorChat.Server.Hosting;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorChat.Tests.Support;

/// <summary>
/// Cluster nodes in this test process, each a whole server with its own actor system, all on
/// loopback with port 0 (for clients and for Akka.Remote), sharing one fresh PostgreSQL database.
/// The first node starts the cluster; the others join through it.
/// </summary>
public sealed class ClusterNodes : IAsyncDisposable
{
    private readonly TempStorage _database;
    private readonly List<ChatServer> _nodes = [];

    public ClusterNodes(TempStorage database) => _database = database;

    public static ServerLimits Limits => new() { Port = 0, IdleShutdown = TimeSpan.Zero, ShutdownGrace = TimeSpan.FromSeconds(2), RatePerSecond = 0 };

    public static ClusterSettings Settings => new()
    {
        Port = 0,
        BindHost = "127.0.0.1",
        PublicHost = "127.0.0.1",
        RoomShards = 20,
        StableAfter = TimeSpan.FromSeconds(2),
        NameRecovery = TimeSpan.FromSeconds(1),
        JoinTimeout = TimeSpan.FromSeconds(30),
    };

    public IReadOnlyList<ChatServer> Nodes => _nodes;

    public ChatServer this[int index] => _nodes[index];

    /// <summary>Starts one more node: the first alone, the next ones through the first that still runs.</summary>
    /// <param name="transports">Other transports of the node (its HTTP port: <c>/metrics</c>, <c>/readyz</c>).</param>
    public async Task<ChatServer> StartNodeAsync(ActorChat.Server.Transport.TransportSettings? transports = null)
    {
        var seed = _nodes.FirstOrDefault(n => !n.WhenTerminated.IsCompleted)?.ClusterAddress;
        var settings = Settings with { Seeds = seed is null ? [] : [$"{seed.Host}:{seed.Port}"] };
        var node = await ChatServer.StartAsync(Limits, _database.Settings, cluster: settings, transports: transports);
        _nodes.Add(node);
        return node;
    }

    /// <summary>The node that runs the shard a room command goes to (the first to ask for it places it).</summary>
    public async Task<ChatServer> NodeRunningShardAsync(ActorChat.Server.Rooms.IRoomCommand command)
    {
        var extractor = new ActorChat.Server.Rooms.RoomMessageExtractor(Settings.RoomShards);
        var shard = extractor.ShardId(extractor.EntityId(command)!, command);
        foreach (var node in _nodes.Where(n => !n.WhenTerminated.IsCompleted))
        {
            var state = await node.Rooms.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
            if (state.Shards.Any(s => s.ShardId == shard)) return node;
        }
        throw new InvalidOperationException($"no node runs shard {shard}");
    }

    public async ValueTask DisposeAsync()
    {
        // One at a time: nodes that all leave at once wait for each other in cluster-exiting.
        foreach (var node in Enumerable.Reverse(_nodes))
            if (!node.WhenTerminated.IsCompleted) await node.DisposeAsync();
    }
}
