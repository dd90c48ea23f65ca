using System.Globalization;
using System.Text;
using ActorChat.Messages.Rules;
using ActorChat.Server.Storage;

namespace ActorChat.Server.Hosting;

/// <summary>
/// <c>actorchat-server export --room lobby [--since T]</c>: a room's stored messages as a
/// human-readable transcript, one line per message (UTC time, sender, text), as the seed's
/// history file was. Reads the store directly; the server may be running meanwhile.
/// </summary>
public static class TranscriptExport
{
    /// <summary>Messages read from the store per query.</summary>
    private const int PageSize = 1000;

    public static async Task<int> RunAsync(StorageSettings storage, string? room, string? dmPair, DateTime? since, TextWriter output)
    {
        ConversationKey conversation;
        if (room is not null && NameRules.Canonicalize(room) is { } roomName)
            conversation = ConversationKey.Room(NameRules.Key(roomName));
        else if (dmPair?.Split(',') is [var a, var b] && NameRules.Canonicalize(a) is { } first && NameRules.Canonicalize(b) is { } second)
            conversation = ConversationKey.Pair(NameRules.Key(first), NameRules.Key(second));
        else
        {
            await Console.Error.WriteLineAsync("export: give --room ROOM or --dm NAME,NAME with valid names");
            return 2;
        }

        if (!storage.UsesPostgres && !File.Exists(storage.SqlitePath))
        {
            await Console.Error.WriteLineAsync($"export: no history at {storage.SqlitePath}");
            return 1;
        }

        using var store = storage.OpenStore();
        for (long after = 0; ;)
        {
            var page = store.ReadRange(conversation, after + 1, long.MaxValue, PageSize);
            foreach (var message in page)
                if (since is null || message.Time >= since) await output.WriteLineAsync(Line(message));
            if (page.Count < PageSize) break;
            after = page[^1].Id;
        }
        return 0;
    }

    private static string Line(StoredMessage m) => m.To is null
        ? $"{Stamp(m.Time)} {m.From}: {OneLine(m.Text)}"
        : $"{Stamp(m.Time)} {m.From} -> {m.To}: {OneLine(m.Text)}";

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>One message, one line: line breaks and tabs are written as \n and \t.</summary>
    private static string OneLine(string text) =>
        new StringBuilder(text).Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\t", "\\t").ToString();
}
