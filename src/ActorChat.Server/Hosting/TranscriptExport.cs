using System.Globalization;
using System.Text;
using ActorChat.Messages.Rules;
using ActorChat.Server.Persistence;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using Akka.Actor;
using Akka.Configuration;

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
        string persistenceId;
        if (room is not null && NameRules.Canonicalize(room) is { } roomName)
            persistenceId = RoomActor.PersistenceIdOf(NameRules.Key(roomName));
        else if (dmPair?.Split(',') is [var a, var b] && NameRules.Canonicalize(a) is { } first && NameRules.Canonicalize(b) is { } second)
            persistenceId = DirectConversation.PersistenceIdOf(DirectConversation.PairKey(NameRules.Key(first), NameRules.Key(second)));
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

        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
        using var system = ActorSystem.Create("actorchat-export", storage.Bootstrap(config));
        var journal = new JournalReader(system);
        for (long from = 1; ; from += PageSize)
        {
            var page = await journal.ReadAsync<IStoredEvent>(persistenceId, from, from + PageSize - 1);
            foreach (var line in page.Select(Line).OfType<(DateTime Time, string Text)>())
                if (since is null || line.Time >= since) await output.WriteLineAsync(line.Text);
            if (page.Count < PageSize) break;
        }
        await system.Terminate();
        return 0;
    }

    private static (DateTime, string)? Line(IStoredEvent e) => e switch
    {
        RoomMessageStored m => (m.Time, $"{Stamp(m.Time)} {m.From}: {OneLine(m.Text)}"),
        DirectMessageStored m => (m.Time, $"{Stamp(m.Time)} {m.From} -> {m.To}: {OneLine(m.Text)}"),
        _ => null,
    };

    private static string Stamp(DateTime time) => time.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>One message, one line: line breaks and tabs are written as \n and \t.</summary>
    private static string OneLine(string text) =>
        new StringBuilder(text).Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\t", "\\t").ToString();
}
