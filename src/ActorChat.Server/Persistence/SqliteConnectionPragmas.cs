using System.Data.Common;
using LinqToDB.Interceptors;

namespace ActorChat.Server.Persistence;

/// <summary>
/// Settings SQLite keeps per connection, applied to every connection the journal, snapshot store
/// and query side open (SQLite forgets them when a connection closes).
/// </summary>
/// <remarks>
/// Measured on the project's machine (docs/benchmarks.md): with SQLite's defaults a commit
/// waits for fsync, and a lock conflict makes Microsoft.Data.Sqlite sleep 150 ms before it
/// retries; together they stalled every room for 150–400 ms every second or two under load.
/// <list type="bullet">
/// <item><c>busy_timeout</c>: SQLite waits for a lock itself, in steps of milliseconds.</item>
/// <item><c>wal_autocheckpoint = 0</c>: no commit copies the log into the database file itself;
/// <see cref="WalCheckpointer"/> does that in the background.</item>
/// <item><c>synchronous</c>: NORMAL (default) — in WAL mode a commit is written to the log but
/// not fsynced; the log is fsynced when it is checkpointed. An acknowledged message survives
/// the server process crashing or being killed; a power cut or kernel crash can lose the last
/// moments. FULL fsyncs every commit: survives those too, at the cost of latency.</item>
/// </list>
/// </remarks>
public sealed class SqliteConnectionPragmas(SqliteSync sync) : ConnectionInterceptor
{
    private readonly string _pragmas =
        $"PRAGMA wal_autocheckpoint = 0; PRAGMA busy_timeout = 5000; PRAGMA synchronous = {(sync == SqliteSync.Full ? "FULL" : "NORMAL")};";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection) => Apply(connection);

    public override Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }
}
