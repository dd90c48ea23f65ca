using System.Data.Common;
using Newtonsoft.Json;

namespace ActorChat.Server.Storage;

/// <summary>
/// Brings over the history that ActorChat 1.x kept in Akka.Persistence.Sql's <c>journal</c>
/// table (one row per message, payloads in the old stored-event JSON), once, when the message
/// tables are new. Runs inside the transaction that creates them, so it is all or nothing.
/// The journal table is left as it was (nothing is deleted).
/// </summary>
/// <remarks>
/// The old persistence ids were <c>room-KEY</c> and <c>dm-KEYA~KEYB</c>, and the payload's manifest
/// said which kind a row is; this class is the only place that reads those forms.
/// </remarks>
internal static class LegacyJournalImport
{
    public const string JournalTable = "journal";
    private const string RoomManifest = "room-message.v1";
    private const string DirectManifest = "direct-message.v1";
    private const int PageSize = 1000;

    private static readonly JsonSerializerSettings Settings = new()
    {
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        DateParseHandling = DateParseHandling.DateTime,
    };

    private sealed record LegacyMessage(long Id, string From, string? To, string Text, DateTime Time);

    /// <summary>Copies every live room and direct message of the journal, a page at a time; returns how many.</summary>
    /// <param name="notDeleted">This database's SQL for "the row is not deleted".</param>
    /// <param name="append">Inserts a page of messages within the same transaction.</param>
    public static int Run(DbConnection connection, DbTransaction transaction, string notDeleted, Action<IReadOnlyList<StoredMessage>> append)
    {
        var total = 0;
        for (long after = long.MinValue; ;)
        {
            var page = new List<StoredMessage>(PageSize);
            var rows = 0;
            using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = $"SELECT ordering, persistence_id, manifest, message FROM {JournalTable} " +
                    $"WHERE ordering > @after AND {notDeleted} AND manifest IN ('{RoomManifest}', '{DirectManifest}') ORDER BY ordering LIMIT {PageSize}";
                var parameter = command.CreateParameter();
                parameter.ParameterName = "after";
                parameter.Value = after;
                command.Parameters.Add(parameter);
                using var reader = command.ExecuteReader(); // closed before the page is written: PostgreSQL cannot do both at once
                while (reader.Read())
                {
                    rows++;
                    after = reader.GetInt64(0);
                    if (Convert(reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3)) is { } message) page.Add(message);
                }
            }
            if (page.Count > 0) append(page);
            total += page.Count;
            if (rows < PageSize) return total;
        }
    }

    private static StoredMessage? Convert(string persistenceId, string manifest, byte[] payload)
    {
        var legacy = JsonConvert.DeserializeObject<LegacyMessage>(System.Text.Encoding.UTF8.GetString(payload), Settings);
        if (legacy is null) return null;
        var time = DateTime.SpecifyKind(legacy.Time, DateTimeKind.Utc);
        if (manifest == RoomManifest && persistenceId.StartsWith("room-", StringComparison.Ordinal))
            return new StoredMessage(ConversationKey.Room(persistenceId["room-".Length..]), legacy.Id, legacy.From, null, legacy.Text, time);
        if (manifest == DirectManifest && persistenceId.StartsWith("dm-", StringComparison.Ordinal)
            && persistenceId["dm-".Length..].Split('~') is [var a, var b] && legacy.To is not null)
            return new StoredMessage(ConversationKey.Pair(a, b), legacy.Id, legacy.From, legacy.To, legacy.Text, time);
        return null;
    }
}
