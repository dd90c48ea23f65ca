using Akka.Actor;
using Akka.Event;
using Microsoft.Data.Sqlite;

namespace ActorChat.Server.Storage;

/// <summary>
/// Copies the SQLite write-ahead log into the database file in the background, on its own
/// thread and connection, so that the writer's commits never do it themselves.
/// </summary>
/// <remarks>
/// By default SQLite checkpoints inside whichever commit fills the log past 1,000 pages, and
/// that commit waits for the copy and its fsync: measured as stalls of every room's writes of
/// up to ~400 ms under load. Store connections therefore turn automatic checkpoints off
/// (<see cref="SqliteMessageStore"/>) and this actor runs a PASSIVE checkpoint (one that
/// never blocks writers or readers) every <see cref="Interval"/>; at shutdown it truncates the log.
/// </remarks>
public sealed class WalCheckpointer : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private readonly string _connectionString;
    private readonly TimeSpan _interval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SqliteConnection? _connection;

    public WalCheckpointer(string connectionString, TimeSpan interval)
    {
        _connectionString = connectionString;
        _interval = interval;
        Receive<Tick>(_ => Checkpoint("PASSIVE"));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>On the storage dispatcher (a thread of its own): a checkpoint blocks while it copies and fsyncs.</summary>
    public static Props Props(string connectionString, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new WalCheckpointer(connectionString, interval)).WithDispatcher(StorageSettings.StorageDispatcher);

    protected override void PreStart() => Timers.StartPeriodicTimer("checkpoint", Tick.Instance, _interval);

    protected override void PostStop()
    {
        Checkpoint("TRUNCATE");
        _connection?.Dispose();
    }

    private void Checkpoint(string mode)
    {
        try
        {
            if (_connection is null)
            {
                _connection = new SqliteConnection(_connectionString);
                _connection.Open();
                using var setup = _connection.CreateCommand();
                setup.CommandText = "PRAGMA busy_timeout = 5000;";
                setup.ExecuteNonQuery();
            }
            using var command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            command.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            // The log keeps growing until a later checkpoint succeeds; nothing is lost.
            _log.Warning("WAL checkpoint ({0}) failed: {1}", mode, e.Message);
        }
    }
}
