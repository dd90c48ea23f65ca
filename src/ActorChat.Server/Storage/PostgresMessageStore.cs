using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace ActorChat.Server.Storage;

/// <summary>
/// The store on a PostgreSQL server. A batch is one transaction of at most two statements
/// (rooms, direct messages), each inserting all its rows at once from array parameters
/// (<c>unnest</c>): one round trip per table whatever the batch's size.
/// </summary>
public sealed class PostgresMessageStore(string connectionString) : SqlMessageStore
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    protected override string BigInt => "BIGINT";

    public override DbConnection OpenConnection() => _dataSource.OpenConnection();

    public override void Append(IReadOnlyList<StoredMessage> batch)
    {
        if (batch.Count == 0) return;
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        AppendWithin(connection, transaction, batch);
        transaction.Commit();
    }

    protected override bool HasLegacyJournal(DbConnection connection, DbTransaction transaction)
    {
        using var command = new NpgsqlCommand($"SELECT to_regclass('{LegacyJournalImport.JournalTable}') IS NOT NULL", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        return (bool)command.ExecuteScalar()!;
    }

    protected override string LegacyNotDeleted => "NOT deleted";

    protected override void AddColumnIfMissing(DbConnection connection, DbTransaction transaction, string table, string column, string type)
    {
        using var command = new NpgsqlCommand($"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {type}", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.ExecuteNonQuery();
    }

    protected override void AppendWithin(DbConnection dbConnection, DbTransaction dbTransaction, IReadOnlyList<StoredMessage> batch)
    {
        var connection = (NpgsqlConnection)dbConnection;
        var transaction = (NpgsqlTransaction)dbTransaction;
        var rooms = batch.Where(m => m.Conversation.Kind == ConversationKind.Room).ToList();
        var directs = batch.Where(m => m.Conversation.Kind == ConversationKind.Direct).ToList();
        if (rooms.Count > 0)
        {
            using var command = new NpgsqlCommand(
                $"INSERT INTO {RoomTable} (room, id, sender, text, time_ms, client_ref) SELECT * FROM unnest(@a, @id, @from, @text, @time, @ref)", connection, transaction);
            command.Parameters.Add(Array("a", rooms.Select(m => m.Conversation.First)));
            command.Parameters.Add(Array("id", rooms.Select(m => m.Id)));
            command.Parameters.Add(Array("from", rooms.Select(m => m.From)));
            command.Parameters.Add(Array("text", rooms.Select(m => m.Text)));
            command.Parameters.Add(Array("time", rooms.Select(m => ToMilliseconds(m.Time))));
            command.Parameters.Add(Array("ref", rooms.Select(m => m.ClientRef)));
            command.ExecuteNonQuery();
        }
        if (directs.Count > 0)
        {
            using var command = new NpgsqlCommand(
                $"INSERT INTO {DirectTable} (user_a, user_b, recipient, id, sender, text, time_ms, client_ref) SELECT * FROM unnest(@a, @b, @to, @id, @from, @text, @time, @ref)",
                connection, transaction);
            command.Parameters.Add(Array("a", directs.Select(m => m.Conversation.First)));
            command.Parameters.Add(Array("b", directs.Select(m => m.Conversation.Second!)));
            command.Parameters.Add(Array("to", directs.Select(m => m.To!)));
            command.Parameters.Add(Array("id", directs.Select(m => m.Id)));
            command.Parameters.Add(Array("from", directs.Select(m => m.From)));
            command.Parameters.Add(Array("text", directs.Select(m => m.Text)));
            command.Parameters.Add(Array("time", directs.Select(m => ToMilliseconds(m.Time))));
            command.Parameters.Add(Array("ref", directs.Select(m => m.ClientRef)));
            command.ExecuteNonQuery();
        }
    }

    private static NpgsqlParameter Array(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static NpgsqlParameter Array(string name, IEnumerable<long> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = values.ToArray() };

    public override void Dispose() => _dataSource.Dispose();
}
