namespace ActorChat.Tests.Support;

/// <summary>
/// A test class whose every test runs on a fresh cluster of two nodes in this process
/// (<see cref="ClusterNodes"/>) over a fresh PostgreSQL database; its tests skip, with the reason,
/// where no PostgreSQL is reachable (and fail in CI, see <see cref="TempStorage.Postgres"/>).
/// </summary>
public abstract class TwoNodeClusterTest : IAsyncLifetime
{
    private readonly TempStorage? _database;
    private ClusterNodes? _cluster;

    protected TwoNodeClusterTest()
    {
        _database = TempStorage.Postgres(out var unavailable);
        SkipReason = unavailable;
    }

    /// <summary>Why the tests cannot run here; null when they can.</summary>
    protected string? SkipReason { get; }

    protected ClusterNodes Cluster => _cluster ?? throw new InvalidOperationException(SkipReason ?? "the cluster has not started");

    public async Task InitializeAsync()
    {
        if (_database is null) return;
        _cluster = new ClusterNodes(_database);
        await _cluster.StartNodeAsync();
        await _cluster.StartNodeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        _database?.Dispose();
    }
}
