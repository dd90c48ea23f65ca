using System.Data.Common;

namespace ActorChat.Server.Storage;

/// <summary>
/// What SQLite and PostgreSQL share: the two tables and every read. Each read opens a pooled
/// connection of its own, so reads run beside the writer and see only committed batches.
/// </summary>
public abstract class SqlMessageStore : IMessageStore
{
    private SqlAccountStore? _accounts;

    public const string RoomTable = "actorchat_room_messages";
    public const string DirectTable = "actorchat_direct_messages";

    /// <summary>The type of a 64-bit integer column in this database's SQL.</summary>
    protected abstract string BigInt { get; }

    /// <summary>A new open connection from the pool, with the store's settings (reads, schema); the writer keeps one of its own.</summary>
    public abstract DbConnection OpenConnection();

    public Accounts.IAccountStore Accounts => _accounts ??= new SqlAccountStore(OpenConnection);

    public abstract void Append(IReadOnlyList<StoredMessage> batch);

    /// <summary>Inserts <paramref name="batch"/> within <paramref name="transaction"/> (the writer's, or the import's).</summary>
    protected abstract void AppendWithin(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredMessage> batch);

    /// <summary>Adds the column when the table (made by an older version) lacks it.</summary>
    protected abstract void AddColumnIfMissing(DbConnection connection, DbTransaction transaction, string table, string column, string type);

    /// <summary>Whether the database holds the journal table of ActorChat 1.x (Akka.Persistence.Sql).</summary>
    protected abstract bool HasLegacyJournal(DbConnection connection, DbTransaction transaction);

    /// <summary>This database's SQL for "a journal row is not deleted".</summary>
    protected abstract string LegacyNotDeleted { get; }

    /// <summary>Messages brought over from ActorChat 1.x's journal when the tables were created (0 when none).</summary>
    public int ImportedFromLegacyJournal { get; private set; }

    /// <summary>
    /// Creates the tables when they are missing; when they are new and the database holds
    /// ActorChat 1.x's journal, brings its history over, in the same transaction.
    /// </summary>
    public virtual void Initialize()
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS {RoomTable} (
              room TEXT NOT NULL, id {BigInt} NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL, time_ms {BigInt} NOT NULL,
              client_ref TEXT NULL,
              PRIMARY KEY (room, id));
            CREATE TABLE IF NOT EXISTS {DirectTable} (
              user_a TEXT NOT NULL, user_b TEXT NOT NULL, id {BigInt} NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL,
              text TEXT NOT NULL, time_ms {BigInt} NOT NULL, client_ref TEXT NULL,
              PRIMARY KEY (user_a, user_b, id));
            {SqlAccountStore.CreateTable(BigInt)}
            """;
        command.ExecuteNonQuery();
        // Tables of ActorChat before re-sending was safe have no client_ref: it is added, empty.
        AddColumnIfMissing(connection, transaction, RoomTable, "client_ref", "TEXT NULL");
        AddColumnIfMissing(connection, transaction, DirectTable, "client_ref", "TEXT NULL");
        command.CommandText = $"SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM {RoomTable} LIMIT 1) r) + (SELECT COUNT(*) FROM (SELECT 1 FROM {DirectTable} LIMIT 1) d)";
        var empty = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0;
        if (empty && HasLegacyJournal(connection, transaction))
            ImportedFromLegacyJournal = LegacyJournalImport.Run(connection, transaction, LegacyNotDeleted, page => AppendWithin(connection, transaction, page));
        transaction.Commit();
    }

    public ConversationTail LoadTail(ConversationKey conversation, int recent, DateTime? resendableSince = null, int resendableCapacity = 0)
    {
        using var connection = OpenConnection();
        var newest = Read(connection, conversation, $"ORDER BY id DESC LIMIT {Math.Max(recent, 1)}");
        if (newest.Count == 0) return ConversationTail.Empty;
        var lastId = newest[0].Id;
        newest.Reverse();
        var resendable = resendableSince is { } since && resendableCapacity > 0
            ? ReadResendable(connection, conversation, lastId + 1, since, resendableCapacity)
            : [];
        return new ConversationTail(lastId, recent <= 0 ? [] : newest) { Resendable = resendable };
    }

    /// <summary>
    /// The newest posts with an id since <paramref name="since"/>, oldest first: read back from the newest a
    /// page at a time, stopping at the first message older than the window (ids grow with time), so a
    /// room's start reads its last minutes, never its whole history.
    /// </summary>
    private static List<StoredMessage> ReadResendable(DbConnection connection, ConversationKey conversation, long beforeId, DateTime since, int capacity)
    {
        const int page = 1000;
        var found = new List<StoredMessage>();
        while (found.Count < capacity)
        {
            var newestFirst = Read(connection, conversation, $"AND id < @before ORDER BY id DESC LIMIT {page}", ("before", beforeId));
            foreach (var message in newestFirst)
            {
                if (message.Time < since) return Oldest(found);
                if (message.ClientRef is not null && found.Count < capacity) found.Add(message);
            }
            if (newestFirst.Count < page) break;
            beforeId = newestFirst[^1].Id;
        }
        return Oldest(found);

        static List<StoredMessage> Oldest(List<StoredMessage> newestFirst)
        {
            newestFirst.Reverse();
            return newestFirst;
        }
    }

    public IReadOnlyList<StoredMessage> ReadRange(ConversationKey conversation, long fromId, long toId, int limit)
    {
        if (toId < fromId || limit <= 0) return [];
        using var connection = OpenConnection();
        return Read(connection, conversation, $"AND id >= @from AND id <= @to ORDER BY id LIMIT {limit}", ("from", fromId), ("to", toId));
    }

    public IReadOnlyList<StoredMessage> ReadBefore(ConversationKey conversation, long beforeId, int limit, DateTime? notBefore = null)
    {
        if (limit <= 0) return [];
        using var connection = OpenConnection();
        var newestFirst = notBefore is { } since
            ? Read(connection, conversation, $"AND id < @before AND time_ms >= @since ORDER BY id DESC LIMIT {limit}", ("before", beforeId), ("since", ToMilliseconds(since)))
            : Read(connection, conversation, $"AND id < @before ORDER BY id DESC LIMIT {limit}", ("before", beforeId));
        newestFirst.Reverse();
        return newestFirst;
    }

    /// <summary>The conversation's rows, narrowed and ordered by <paramref name="tail"/> (SQL after its WHERE), with its id bounds.</summary>
    private static List<StoredMessage> Read(DbConnection connection, ConversationKey conversation, string tail, params (string Name, long Value)[] bounds)
    {
        using var command = connection.CreateCommand();
        var room = conversation.Kind == ConversationKind.Room;
        command.CommandText = room
            ? $"SELECT id, sender, NULL, text, time_ms, client_ref FROM {RoomTable} WHERE room = @a {tail}"
            : $"SELECT id, sender, recipient, text, time_ms, client_ref FROM {DirectTable} WHERE user_a = @a AND user_b = @b {tail}";
        AddParameter(command, "a", conversation.First);
        if (!room) AddParameter(command, "b", conversation.Second!);
        foreach (var (name, value) in bounds) AddParameter(command, name, value);
        var messages = new List<StoredMessage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            messages.Add(new StoredMessage(conversation, reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), FromMilliseconds(reader.GetInt64(4))) { ClientRef = reader.IsDBNull(5) ? null : reader.GetString(5) });
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
