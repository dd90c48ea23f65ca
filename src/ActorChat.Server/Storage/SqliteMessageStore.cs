using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ActorChat.Server.Storage;

/// <summary>
/// The embedded store: one SQLite file in write-ahead-log mode. The writer keeps one connection
/// and two prepared inserts; a batch is one transaction, so a commit (one append to the log)
/// is shared by every message of every conversation that arrived together.
/// </summary>
/// <remarks>
/// Every connection gets the same settings (SQLite forgets them when a connection closes):
/// <list type="bullet">
/// <item><c>busy_timeout</c>: SQLite waits for a lock itself, in steps of milliseconds
/// (without it, Microsoft.Data.Sqlite sleeps 150 ms before it retries).</item>
/// <item><c>wal_autocheckpoint = 0</c>: no commit copies the log into the database file itself;
/// <see cref="WalCheckpointer"/> does that in the background.</item>
/// <item><c>synchronous</c>: NORMAL (default): a commit is written to the log but not fsynced; the
/// log is fsynced when it is checkpointed. An acknowledged message survives the server crashing
/// or being killed; a power cut or kernel crash can lose the last moments. FULL fsyncs every
/// commit: survives those too, at the cost of latency.</item>
/// </list>
/// </remarks>
public sealed class SqliteMessageStore(string connectionString, SqliteSync sync) : SqlMessageStore
{
    private SqliteConnection? _writer;
    private SqliteCommand? _insertRoom;
    private SqliteCommand? _insertDirect;

    /// <summary>The settings every connection gets (see the remarks).</summary>
    public string Pragmas { get; } =
        $"PRAGMA wal_autocheckpoint = 0; PRAGMA busy_timeout = 5000; PRAGMA synchronous = {(sync == SqliteSync.Full ? "FULL" : "NORMAL")};";

    protected override string BigInt => "INTEGER";

    public override DbConnection OpenConnection() => Open();

    public override void Initialize()
    {
        using (var connection = Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL;"; // kept in the file: readers never block the writer
            command.ExecuteNonQuery();
        }
        base.Initialize();
    }

    public override void Append(IReadOnlyList<StoredMessage> batch)
    {
        if (batch.Count == 0) return;
        var writer = _writer ??= Open();
        try
        {
            using var transaction = writer.BeginTransaction();
            AppendWithin(writer, transaction, batch);
            transaction.Commit();
        }
        catch
        {
            ResetWriter(); // a failed connection is not reused
            throw;
        }
    }

    /// <summary>One prepared insert per table, bound afresh for each message.</summary>
    protected override void AppendWithin(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredMessage> batch)
    {
        var sqlite = (SqliteConnection)connection;
        var ownCommands = !ReferenceEquals(sqlite, _writer);
        SqliteCommand? room = ownCommands ? null : _insertRoom;
        SqliteCommand? direct = ownCommands ? null : _insertDirect;
        try
        {
            foreach (var message in batch)
            {
                var isRoom = message.Conversation.Kind == ConversationKind.Room;
                var insert = isRoom ? room ??= PrepareRoomInsert(sqlite) : direct ??= PrepareDirectInsert(sqlite);
                insert.Transaction = (SqliteTransaction)transaction;
                var p = insert.Parameters;
                var i = 0;
                p[i++].Value = message.Conversation.First;
                if (!isRoom)
                {
                    p[i++].Value = message.Conversation.Second;
                    p[i++].Value = message.To;
                }
                p[i++].Value = message.Id;
                p[i++].Value = message.From;
                p[i++].Value = message.Text;
                p[i++].Value = ToMilliseconds(message.Time);
                p[i].Value = (object?)message.ClientRef ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }
        finally
        {
            if (ownCommands)
            {
                room?.Dispose();
                direct?.Dispose();
            }
            else
            {
                _insertRoom = room;
                _insertDirect = direct;
            }
        }
    }

    protected override bool HasLegacyJournal(DbConnection connection, DbTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{LegacyJournalImport.JournalTable}'";
        return (long)command.ExecuteScalar()! > 0;
    }

    protected override string LegacyNotDeleted => "deleted = 0";

    protected override void AddColumnIfMissing(DbConnection connection, DbTransaction transaction, string table, string column, string type)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if ((long)command.ExecuteScalar()! > 0) return;
        command.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {type}";
        command.ExecuteNonQuery();
    }

    private static SqliteCommand PrepareRoomInsert(SqliteConnection connection) => Prepare(connection,
        $"INSERT INTO {RoomTable} (room, id, sender, text, time_ms, client_ref) VALUES ($a, $id, $from, $text, $time, $ref)", "$a", "$id", "$from", "$text", "$time", "$ref");

    private static SqliteCommand PrepareDirectInsert(SqliteConnection connection) => Prepare(connection,
        $"INSERT INTO {DirectTable} (user_a, user_b, recipient, id, sender, text, time_ms, client_ref) VALUES ($a, $b, $to, $id, $from, $text, $time, $ref)",
        "$a", "$b", "$to", "$id", "$from", "$text", "$time", "$ref");

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    private void ResetWriter()
    {
        _insertRoom?.Dispose();
        _insertDirect?.Dispose();
        _writer?.Dispose();
        _insertRoom = _insertDirect = null;
        _writer = null;
    }

    public override void Dispose() => ResetWriter();
}
