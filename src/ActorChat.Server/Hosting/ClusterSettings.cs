namespace ActorChat.Server.Hosting;

/// <summary>
/// How a server takes part in a cluster (<c>--cluster-port</c>, <c>--cluster-host</c>, <c>--seed</c>).
/// Without it the server runs alone, as it always has. Every node of a cluster keeps its history in
/// one shared PostgreSQL database (<c>--db</c>).
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>The port Akka.Remote listens on for the other nodes (0: any free port, for tests).</summary>
    public int Port { get; init; }

    /// <summary>The address this node binds for the other nodes.</summary>
    public string BindHost { get; init; } = "0.0.0.0";

    /// <summary>The address the other nodes reach this one at (<c>--cluster-host</c>).</summary>
    public string PublicHost { get; init; } = "127.0.0.1";

    /// <summary>
    /// Nodes to join through, as HOST:PORT (<c>--seed</c>, repeatable; a node may name itself). None:
    /// the node starts a cluster of its own, which others can join by naming it.
    /// </summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>How many shards the rooms are spread over: ten per node of the largest cluster planned.</summary>
    public int RoomShards { get; init; } = 100;

    /// <summary>How long a node must be unreachable, the membership otherwise stable, before the split-brain resolver downs it.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a new incarnation of the user directory (a singleton: it moves when its node
    /// leaves or is lost) holds new logins back while the logged-in users claim their names again.
    /// </summary>
    public TimeSpan NameRecovery { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a start waits for this node to become a member of the cluster.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The seed nodes as Akka addresses.</summary>
    public IEnumerable<string> SeedAddresses(string systemName) => Seeds.Select(seed => $"akka.tcp://{systemName}@{seed}");
}
