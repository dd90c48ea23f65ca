using System.Net;

namespace ActorChat.Tests.Support;

/// <summary>
/// Cluster nodes as real server processes (<c>actorchat-server --cluster-port ... --seed ...</c>)
/// on loopback, sharing one PostgreSQL database; each can be stopped (SIGTERM), killed (SIGKILL)
/// and started again with the same ports. The first node is every node's seed.
/// </summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    private const string ServerAssembly = "actorchat-server";
    private readonly TempStorage _database;
    private readonly string _akkaConfig;
    private readonly int[] _clusterPorts;
    private readonly int[] _clientPorts;
    private readonly ChildProcess?[] _nodes;

    public ClusterProcesses(TempStorage database, int count)
    {
        _database = database;
        _clusterPorts = Enumerable.Range(0, count).Select(_ => Ports.Free()).ToArray();
        _clientPorts = Enumerable.Range(0, count).Select(_ => Ports.Free()).ToArray();
        _nodes = new ChildProcess?[count];
        // Quicker than production: an unreachable node is downed after 2 s of stable membership.
        _akkaConfig = Path.Combine(database.Settings.DataDirectory, "test-cluster.conf");
        Directory.CreateDirectory(database.Settings.DataDirectory);
        File.WriteAllText(_akkaConfig, "akka.cluster.split-brain-resolver.stable-after = 2s\n");
    }

    public int Count => _nodes.Length;

    public IPEndPoint EndPoint(int node) => new(IPAddress.Loopback, _clientPorts[node]);

    public IReadOnlyList<IPEndPoint> EndPoints => Enumerable.Range(0, Count).Select(EndPoint).ToList();

    /// <summary>Starts node <paramref name="node"/> (again) and waits until it serves clients.</summary>
    public async Task StartAsync(int node)
    {
        var process = ChildProcess.Start(ServerAssembly,
            "--port", _clientPorts[node].ToString(),
            "--data-dir", Path.Combine(_database.Settings.DataDirectory, $"node{node}"),
            "--db", _database.Settings.PostgresConnectionString!,
            "--cluster-port", _clusterPorts[node].ToString(),
            "--cluster-host", "127.0.0.1",
            "--seed", $"127.0.0.1:{_clusterPorts[0]}",
            "--rate", "0",
            "--akka-config", _akkaConfig);
        _nodes[node] = process;
        await process.WaitForLineAsync(@"ActorChat server listening on", TimeSpan.FromSeconds(90));
    }

    public async Task StartAllAsync()
    {
        for (var i = 0; i < Count; i++) await StartAsync(i); // the seed first
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync(int node)
    {
        await _nodes[node]!.CrashAsync();
        await _nodes[node]!.DisposeAsync();
        _nodes[node] = null;
    }

    /// <summary>SIGTERM: the node says bye to its clients, hands its rooms off and leaves; returns its exit code.</summary>
    public async Task<int> StopAsync(int node)
    {
        _nodes[node]!.Signal("TERM");
        var code = await _nodes[node]!.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await _nodes[node]!.DisposeAsync();
        _nodes[node] = null;
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _nodes.Length - 1; i >= 0; i--)
            if (_nodes[i] is { } process) await process.DisposeAsync();
    }
}
