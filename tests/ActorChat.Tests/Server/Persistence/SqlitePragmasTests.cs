using ActorChat.Server.Persistence;
using ActorChat.Tests.Support;
using Akka.Persistence.Sql.Config;
using LinqToDB.Data;

namespace ActorChat.Tests.Server.Persistence;

/// <summary>Every store connection the SQLite setup opens gets the busy timeout and the chosen sync mode.</summary>
public sealed class SqlitePragmasTests
{
    [Theory]
    [InlineData(SqliteSync.Normal, 1)]
    [InlineData(SqliteSync.Full, 2)]
    public void Journal_snapshot_and_query_connections_get_the_pragmas(SqliteSync sync, long expectedSynchronous)
    {
        using var storage = new TempStorage();
        var settings = storage.Settings with { SqliteSync = sync };
        var setup = Assert.IsType<MultiDataOptionsSetup>(settings.ToSetup());

        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            Assert.True(setup.TryGetDataOptionsFor(plugin, out var options), plugin);
            using var connection = new DataConnection(options!);
            Assert.Equal(expectedSynchronous, connection.Execute<long>("PRAGMA synchronous"));
            Assert.Equal(5000, connection.Execute<long>("PRAGMA busy_timeout"));
            Assert.Equal("wal", connection.Execute<string>("PRAGMA journal_mode"));
        }
    }

    [Fact]
    public void PostgreSQL_needs_no_setup() =>
        Assert.Null(new StorageSettings { PostgresConnectionString = "Host=127.0.0.1;Database=x" }.ToSetup());
}
