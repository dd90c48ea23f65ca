using ActorChat.Server.Storage;
using ActorChat.Tests.Support;
using Npgsql;

namespace ActorChat.Tests.Server.Storage;

/// <summary>
/// Upgrading from ActorChat 1.x keeps the history: its Akka.Persistence.Sql journal is brought
/// over into the message tables the first time the new version opens the store.
/// </summary>
public sealed class LegacyJournalImportTests
{
    private static readonly DateTime Written = new(2026, 12, 1, 21, 24, 52, DateTimeKind.Utc);

    [Fact]
    public void A_SQLite_file_written_by_version_1_keeps_its_rooms_and_direct_messages()
    {
        using var storage = new TempStorage();
        // written by ActorChat 1.x: lobby 0-2 and a line in Dev by alice, and a DM each way between alice and bob
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "actorchat-1.x.db"), storage.Settings.SqlitePath);

        using (var store = storage.Settings.OpenStore())
        {
            Assert.Equal(6, store.ImportedFromLegacyJournal);
            Assert.Equal(["lobby 0", "lobby 1", "lobby 2"], store.ReadRange(ConversationKey.Room("lobby"), 1, 100, 100).Select(m => m.Text));
            var dev = Assert.Single(store.ReadRange(ConversationKey.Room("dev"), 1, 100, 100));
            Assert.Equal(("alice", "in dev \"q\" ünï"), (dev.From, dev.Text));
            Assert.InRange(dev.Time, Written, Written.AddSeconds(1));
            var pair = store.ReadRange(ConversationKey.Pair("alice", "bob"), 1, 100, 100);
            Assert.Equal([(1L, "bob", "alice", "hi back"), (2L, "alice", "bob", "psst")], pair.Select(m => (m.Id, m.From, m.To!, m.Text)));
            Assert.Equal(3, store.LoadTail(ConversationKey.Room("lobby"), 0).LastId); // ids go on from there
            store.Append([new StoredMessage(ConversationKey.Room("lobby"), 4, "bob", null, "after the upgrade", DateTime.UtcNow)]);
        }

        using var reopened = storage.Settings.OpenStore(); // once only: the tables are no longer new
        Assert.Equal(0, reopened.ImportedFromLegacyJournal);
        Assert.Equal(4, reopened.ReadRange(ConversationKey.Room("lobby"), 1, 100, 100).Count);
    }

    [SkippableFact]
    public void A_PostgreSQL_journal_of_version_1_is_brought_over_without_its_deleted_rows()
    {
        using var storage = TempStorage.Postgres(out var unavailable);
        Skip.If(storage is null, unavailable);
        using (var connection = new NpgsqlConnection(storage.Settings.PostgresConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // the journal table as Akka.Persistence.Sql 1.5 created it for ActorChat 1.x
            command.CommandText = """
                CREATE TABLE journal (ordering bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created bigint NOT NULL, deleted boolean NOT NULL,
                  persistence_id text NOT NULL, sequence_number bigint NOT NULL, message bytea NOT NULL, manifest text, identifier integer, writer_uuid text);
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier) VALUES
                  (0, false, 'room-lobby', 1, convert_to('{"Id":1,"From":"alice","Text":"pg lobby","Time":"2026-12-01T21:25:17.912Z"}', 'UTF8'), 'room-message.v1', 6543),
                  (0, true, 'room-lobby', 2, convert_to('{"Id":2,"From":"alice","Text":"deleted","Time":"2026-12-01T21:25:18.000Z"}', 'UTF8'), 'room-message.v1', 6543),
                  (0, false, 'dm-alice~bob', 1, convert_to('{"Id":1,"From":"bob","To":"alice","Text":"hi","Time":"2026-12-01T21:25:19.000Z"}', 'UTF8'), 'direct-message.v1', 6543);
                """;
            command.ExecuteNonQuery();
        }

        using var store = storage.Settings.OpenStore();
        Assert.Equal(2, store.ImportedFromLegacyJournal);
        var lobby = Assert.Single(store.ReadRange(ConversationKey.Room("lobby"), 1, 100, 100));
        Assert.Equal(("pg lobby", new DateTime(2026, 12, 1, 21, 25, 17, 912, DateTimeKind.Utc)), (lobby.Text, lobby.Time));
        Assert.Equal("hi", Assert.Single(store.ReadRange(ConversationKey.Pair("bob", "alice"), 1, 100, 100)).Text);
    }
}
