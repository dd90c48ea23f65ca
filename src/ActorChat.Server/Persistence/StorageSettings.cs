using Akka.Configuration;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace ActorChat.Server.Persistence;

/// <summary>
/// Where ActorChat keeps its history: an embedded SQLite file under the data directory by
/// default (nothing to set up), or a PostgreSQL server chosen by a connection string.
/// Both go through Akka.Persistence.Sql (journal, snapshot store and query side).
/// </summary>
public sealed record StorageSettings
{
    public const string SqliteFileName = "actorchat.db";

    /// <summary>A thread per actor, for the store's blocking work (journal pipeline, WAL checkpoints).</summary>
    public const string StorageDispatcher = "actorchat.storage-dispatcher";
    private const string SqliteProvider = "SQLite.MS";
    private const string PostgresProvider = "PostgreSQL.15";

    /// <summary>Data directory: the SQLite file (by default) and the server's log files.</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary>
    /// A PostgreSQL connection string (<c>Host=...;Database=...;Username=...;Password=...</c>),
    /// or null for the embedded SQLite file in <see cref="DataDirectory"/>.
    /// </summary>
    public string? PostgresConnectionString { get; init; }

    public bool UsesPostgres => PostgresConnectionString is not null;

    /// <summary>When an SQLite commit is durable (<see cref="SqliteConnectionPragmas"/>); ignored for PostgreSQL.</summary>
    public SqliteSync SqliteSync { get; init; } = SqliteSync.Normal;

    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDirectory, SqliteFileName));

    public string ConnectionString => PostgresConnectionString ?? new SqliteConnectionStringBuilder
    {
        DataSource = SqlitePath,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string ProviderName => UsesPostgres ? PostgresProvider : SqliteProvider;

    /// <summary>Human-readable, without secrets, for the log.</summary>
    public string Describe() => UsesPostgres
        ? "PostgreSQL " + new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString) { Password = null }.ConnectionString
        : "SQLite " + SqlitePath;

    /// <summary>
    /// Creates the data directory and, for SQLite, switches the file to write-ahead logging:
    /// readers (history pages, the export command) never block writers, and a commit is one
    /// append to the log. The journal mode is stored in the file, so this is done once.
    /// </summary>
    public void Prepare()
    {
        Directory.CreateDirectory(DataDirectory);
        if (UsesPostgres) return;
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>The Akka.Persistence configuration for this store.</summary>
    public Config ToConfig()
    {
        var connection = Quote(ConnectionString);
        var provider = Quote(ProviderName);
        var hocon = $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                auto-start-journals = ["akka.persistence.journal.sql"]
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  auto-initialize = true
                  warn-on-auto-init-fail = false
                  # Posts that arrive together are written in one transaction
                  # (measured best on this kind of machine: docs/benchmarks.md).
                  max-message-batch-size = 1000
                  batch-size = 1000
                  db-round-trip-max-batch-size = 1000
                  # The write pipeline (and its blocking SQLite calls) on its own thread, so a
                  # database round trip never holds up the actors that serve clients.
                  materializer-dispatcher = "{{StorageDispatcher}}"
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  auto-initialize = true
                  warn-on-auto-init-fail = false
                }
              }
              query.journal.sql {
                connection-string = {{connection}}
                provider-name = {{provider}}
                write-plugin = "akka.persistence.journal.sql"
              }
            }
            {{StorageDispatcher}} {
              type = PinnedDispatcher
              executor = thread-pool-executor
            }
            akka.actor {
              serializers.actorchat-stored = "ActorChat.Server.Persistence.StoredEventSerializer, actorchat-server"
              serialization-bindings {
                "ActorChat.Server.Persistence.IStoredEvent, actorchat-server" = actorchat-stored
              }
            }
            """;
        return ConfigurationFactory.ParseString(hocon).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>
    /// For SQLite, the connection settings every store connection gets (see
    /// <see cref="SqliteConnectionPragmas"/>); null for PostgreSQL.
    /// </summary>
    public Akka.Actor.Setup.Setup? ToSetup()
    {
        if (UsesPostgres) return null;
        var options = new DataOptions().UseConnectionString(SqliteProvider, ConnectionString).UseInterceptor(new SqliteConnectionPragmas(SqliteSync));
        var setup = new MultiDataOptionsSetup();
        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
            setup.AddDataOptions(plugin, options);
        return setup;
    }

    /// <summary>The actor system's bootstrap: <see cref="ToConfig"/> under <paramref name="config"/>, and <see cref="ToSetup"/>.</summary>
    public Akka.Actor.Setup.ActorSystemSetup Bootstrap(Config config)
    {
        var bootstrap = Akka.Actor.BootstrapSetup.Create().WithConfig(config.WithFallback(ToConfig()));
        return ToSetup() is { } setup ? bootstrap.And(setup) : Akka.Actor.Setup.ActorSystemSetup.Create(bootstrap);
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
