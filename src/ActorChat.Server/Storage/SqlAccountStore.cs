using System.Data.Common;
using ActorChat.Server.Accounts;

namespace ActorChat.Server.Storage;

/// <summary>
/// The accounts table of an SQL store (SQLite and PostgreSQL alike: plain SQL, <c>ON CONFLICT</c>
/// for a race of two registrations). Each call opens a pooled connection of its own.
/// </summary>
public sealed class SqlAccountStore(Func<DbConnection> open) : IAccountStore
{
    public const string Table = "actorchat_accounts";

    /// <summary>The table, for the store's <c>Initialize</c>.</summary>
    public static string CreateTable(string bigInt) => $"""
        CREATE TABLE IF NOT EXISTS {Table} (
          name_key TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, password_hash TEXT NOT NULL,
          created_ms {bigInt} NOT NULL, changed_ms {bigInt} NOT NULL);
        """;

    public AccountRecord? Find(string nameKey)
    {
        using var connection = open();
        using var command = Command(connection, $"SELECT name, password_hash, created_ms FROM {Table} WHERE name_key = @key", ("key", nameKey));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new AccountRecord(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)).UtcDateTime)
            : null;
    }

    public bool TryCreate(string nameKey, AccountRecord account)
    {
        using var connection = open();
        var created = Milliseconds(account.Created);
        using var command = Command(connection,
            $"INSERT INTO {Table} (name_key, name, password_hash, created_ms, changed_ms) VALUES (@key, @name, @hash, @created, @created) ON CONFLICT (name_key) DO NOTHING",
            ("key", nameKey), ("name", account.Name), ("hash", account.PasswordHash), ("created", created));
        return command.ExecuteNonQuery() == 1;
    }

    public bool ChangePasswordHash(string nameKey, string passwordHash, DateTime changed)
    {
        using var connection = open();
        using var command = Command(connection, $"UPDATE {Table} SET password_hash = @hash, changed_ms = @changed WHERE name_key = @key",
            ("key", nameKey), ("hash", passwordHash), ("changed", Milliseconds(changed)));
        return command.ExecuteNonQuery() == 1;
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static long Milliseconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}
