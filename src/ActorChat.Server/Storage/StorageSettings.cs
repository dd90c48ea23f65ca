using ActorChat.Shared;
using Akka.Configuration;
using Microsoft.Data.Sqlite;

namespace ActorChat.Server.Storage;

/// <summary>
/// Where ActorChat keeps its history: an embedded SQLite file under the data directory by
/// default (nothing to set up), or a PostgreSQL server chosen by a connection string.
/// </summary>
public sealed record StorageSettings
{
    public const string SqliteFileName = "actorchat.db";

    /// <summary>The SQLite file and those SQLite makes beside it (write-ahead log, shared memory, rollback journal).</summary>
    public static readonly IReadOnlyList<string> SqliteFileNames = [SqliteFileName, SqliteFileName + "-wal", SqliteFileName + "-shm", SqliteFileName + "-journal"];

    /// <summary>A thread per actor, for the store's blocking work (the message writer, WAL checkpoints).</summary>
    public const string StorageDispatcher = "actorchat.storage-dispatcher";

    /// <summary>The dispatcher above, as Akka configuration (a test checks that it defines <see cref="StorageDispatcher"/>).</summary>
    public static readonly Config DispatcherConfig = ConfigurationFactory.ParseString("""
        actorchat.storage-dispatcher {
          type = PinnedDispatcher
          executor = thread-pool-executor
        }
        """);

    /// <summary>Data directory: the SQLite file (by default) and the server's log files.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>
    /// A PostgreSQL connection string (<c>Host=...;Database=...;Username=...;Password=...</c>),
    /// or null for the embedded SQLite file in <see cref="DataDirectory"/>.
    /// </summary>
    public string? PostgresConnectionString { get; init; }

    public bool UsesPostgres => PostgresConnectionString is not null;

    /// <summary>When an SQLite commit is durable (<see cref="SqliteMessageStore"/>); ignored for PostgreSQL.</summary>
    public SqliteSync SqliteSync { get; init; } = SqliteSync.Normal;

    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDirectory, SqliteFileName));

    public string ConnectionString => PostgresConnectionString ?? new SqliteConnectionStringBuilder
    {
        DataSource = SqlitePath,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Human-readable, without secrets, for the log.</summary>
    public string Describe() => UsesPostgres
        ? "PostgreSQL " + new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString) { Password = null }.ConnectionString
        : "SQLite " + SqlitePath;

    /// <summary>Creates the data directory if missing, 0700 (the logs live there too, whatever the store).</summary>
    public void Prepare() => PrivateFiles.CreateFolder(DataDirectory);

    /// <summary>
    /// A store for these settings, its tables created (and history of older versions brought over).
    /// A new SQLite file is created 0600 before SQLite opens it: SQLite gives its <c>-wal</c> and
    /// <c>-shm</c> files the database file's mode.
    /// </summary>
    public IMessageStore OpenStore()
    {
        Prepare();
        if (!UsesPostgres) PrivateFiles.CreateFileIfMissing(SqlitePath);
        IMessageStore store = UsesPostgres ? new PostgresMessageStore(PostgresConnectionString!) : new SqliteMessageStore(ConnectionString, SqliteSync);
        try
        {
            store.Initialize();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }
}
