using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorChat.Server.Persistence;

/// <summary>
/// Reads stored events back by persistence id and sequence-number range, through the
/// journal's query side (Akka.Persistence.Query). Used for history pages older than what
/// a room keeps in memory, and by the export command.
/// </summary>
public sealed class JournalReader
{
    private readonly SqlReadJournal _journal;
    private readonly IMaterializer _materializer;

    public JournalReader(ActorSystem system)
    {
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        _materializer = system.Materializer();
    }

    /// <summary>The events of <paramref name="persistenceId"/> numbered <paramref name="from"/> to <paramref name="to"/>, in order.</summary>
    public async Task<IReadOnlyList<T>> ReadAsync<T>(string persistenceId, long from, long to)
    {
        if (to < from) return [];
        var events = await _journal
            .CurrentEventsByPersistenceId(persistenceId, from, to)
            .Select(e => e.Event)
            .RunWith(Sink.Seq<object>(), _materializer);
        return events.OfType<T>().ToList();
    }
}
