using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorChat.Server.Storage;

/// <summary>
/// Whether the store answers, for <c>/readyz</c>: one cheap query on a connection of its own
/// (never the writer's), bounded by <see cref="Timeout"/>, and its answer kept for
/// <see cref="CacheFor"/> so that probes every second, from several balancers, cost one query.
/// Concurrent callers share one check in flight.
/// </summary>
public sealed class StoreProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly Func<CancellationToken, Task> _query;
    private readonly Lock _gate = new();
    private Task<bool>? _last;
    private DateTime _lastStarted;

    public StoreProbe(StorageSettings storage) : this(QueryFor(storage)) { }

    /// <param name="query">One round trip to the store: throws when it cannot be made.</param>
    public StoreProbe(Func<CancellationToken, Task> query) => _query = query;

    /// <summary>True when the last check (at most <see cref="CacheFor"/> old, or a fresh one) reached the store.</summary>
    public Task<bool> IsReachableAsync()
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            if (_last is null || (_last.IsCompleted && now - _lastStarted >= CacheFor))
            {
                _lastStarted = now;
                _last = CheckAsync();
            }
            return _last;
        }
    }

    private async Task<bool> CheckAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await _query(timeout.Token).WaitAsync(timeout.Token);
            return true;
        }
        catch (Exception)
        {
            return false; // unreachable, refused, timed out: not ready, whatever the cause
        }
    }

    private static Func<CancellationToken, Task> QueryFor(StorageSettings storage)
    {
        if (storage.UsesPostgres)
        {
            // A pool of its own (other settings, another pool): the probe never waits behind the writer, nor takes its connections.
            var connection = new NpgsqlConnectionStringBuilder(storage.PostgresConnectionString)
            {
                Timeout = (int)Timeout.TotalSeconds, CommandTimeout = (int)Timeout.TotalSeconds, MaxPoolSize = 2, ApplicationName = "actorchat-readyz",
            }.ConnectionString;
            return cancel => QueryAsync(new NpgsqlConnection(connection), "SELECT 1", cancel);
        }
        var sqlite = new SqliteConnectionStringBuilder(storage.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = (int)Timeout.TotalSeconds }.ConnectionString;
        // Reads the file's header (a SELECT 1 would not touch the file at all).
        return cancel => QueryAsync(new SqliteConnection(sqlite), "PRAGMA schema_version", cancel);
    }

    private static async Task QueryAsync(System.Data.Common.DbConnection connection, string query, CancellationToken cancel)
    {
        await using (connection)
        {
            await connection.OpenAsync(cancel);
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            await command.ExecuteScalarAsync(cancel);
        }
    }
}
