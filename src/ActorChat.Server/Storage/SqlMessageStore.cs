using System.Data.Common;

namespace ActorChat.Server.Storage;

/// <summary>
/// What SQLite and PostgreSQL share: the two tables and every read. Each read opens a pooled
/// connection of its own, so reads run beside the writer and see only committed batches.
/// </summary>
public abstract class SqlMessageStore : IMessageStore
{
    public const string RoomTable = "actorchat_room_messages";
    public const string DirectTable = "actorchat_direct_messages";

    /// <summary>The type of a 64-bit integer column in this database's SQL.</summary>
    protected abstract string BigInt { get; }

    /// <summary>A new open connection from the pool, with the store's settings (reads, schema); the writer keeps one of its own.</summary>
    public abstract DbConnection OpenConnection();

    public abstract void Append(IReadOnlyList<StoredMessage> batch);

    public virtual void Initialize()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS {RoomTable} (
              room TEXT NOT NULL, id {BigInt} NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL, time_ms {BigInt} NOT NULL,
              PRIMARY KEY (room, id));
            CREATE TABLE IF NOT EXISTS {DirectTable} (
              user_a TEXT NOT NULL, user_b TEXT NOT NULL, id {BigInt} NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL,
              text TEXT NOT NULL, time_ms {BigInt} NOT NULL,
              PRIMARY KEY (user_a, user_b, id));
            """;
        command.ExecuteNonQuery();
    }

    public ConversationTail LoadTail(ConversationKey conversation, int recent)
    {
        using var connection = OpenConnection();
        var newest = Read(connection, conversation, $"ORDER BY id DESC LIMIT {Math.Max(recent, 1)}", null);
        if (newest.Count == 0) return ConversationTail.Empty;
        var lastId = newest[0].Id;
        newest.Reverse();
        return new ConversationTail(lastId, recent <= 0 ? [] : newest);
    }

    public IReadOnlyList<StoredMessage> ReadRange(ConversationKey conversation, long fromId, long toId, int limit)
    {
        if (toId < fromId || limit <= 0) return [];
        using var connection = OpenConnection();
        return Read(connection, conversation, $"AND id >= @from AND id <= @to ORDER BY id LIMIT {limit}", (fromId, toId));
    }

    private static List<StoredMessage> Read(DbConnection connection, ConversationKey conversation, string tail, (long From, long To)? range)
    {
        using var command = connection.CreateCommand();
        var room = conversation.Kind == ConversationKind.Room;
        command.CommandText = room
            ? $"SELECT id, sender, NULL, text, time_ms FROM {RoomTable} WHERE room = @a {tail}"
            : $"SELECT id, sender, recipient, text, time_ms FROM {DirectTable} WHERE user_a = @a AND user_b = @b {tail}";
        AddParameter(command, "a", conversation.First);
        if (!room) AddParameter(command, "b", conversation.Second!);
        if (range is { } r)
        {
            AddParameter(command, "from", r.From);
            AddParameter(command, "to", r.To);
        }
        var messages = new List<StoredMessage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            messages.Add(new StoredMessage(conversation, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), FromMilliseconds(reader.GetInt64(4))));
        return messages;
    }


    protected static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    protected static long ToMilliseconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    protected static DateTime FromMilliseconds(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;

    public virtual void Dispose()
    {
    }
}
