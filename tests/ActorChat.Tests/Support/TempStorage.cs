using ActorChat.Server.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorChat.Tests.Support;

/// <summary>
/// A fresh, empty store for one test, removed at dispose: a SQLite file in its own temporary
/// folder, or a new database on the PostgreSQL server named by <c>ACTORCHAT_TEST_POSTGRES</c>.
/// </summary>
public sealed class TempStorage : IDisposable
{
    /// <summary>Connection string of a PostgreSQL database whose user may create databases.</summary>
    public const string PostgresVariable = "ACTORCHAT_TEST_POSTGRES";

    private readonly string? _postgresAdmin;
    private readonly string? _database;

    private TempStorage(string? postgresAdmin)
    {
        var folder = Path.Combine(Path.GetTempPath(), "actorchat-tests", Guid.NewGuid().ToString("N"));
        _postgresAdmin = postgresAdmin;
        string? connection = null;
        if (postgresAdmin is not null)
        {
            _database = "actorchat_t_" + Guid.NewGuid().ToString("N");
            Execute(postgresAdmin, $"CREATE DATABASE \"{_database}\"");
            connection = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = _database }.ConnectionString;
        }
        Settings = new StorageSettings { DataDirectory = folder, PostgresConnectionString = connection };
        Settings.Prepare();
    }

    public TempStorage() : this(postgresAdmin: null) { }

    public StorageSettings Settings { get; }

    /// <summary>A fresh PostgreSQL database, or null (with the reason) when none is reachable.</summary>
    public static TempStorage? Postgres(out string? unavailable)
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            unavailable = $"no PostgreSQL configured: set {PostgresVariable} (scripts/start-postgres.sh prints it)";
        }
        else
        {
            try
            {
                unavailable = null;
                return new TempStorage(admin);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                unavailable = $"PostgreSQL at {PostgresVariable} is not reachable: {e.Message}";
            }
        }
        // CI promised PostgreSQL: there, its absence is a failure, not a skip.
        if (Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException(unavailable);
        return null;
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                Execute(_postgresAdmin!, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
            }
            catch (NpgsqlException)
            {
                // left for the next server reset; a test database is small
            }
        }
        try
        {
            Directory.Delete(Settings.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a process the test killed; the OS temp cleaner takes it
        }
    }
}
