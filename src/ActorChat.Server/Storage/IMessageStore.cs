namespace ActorChat.Server.Storage;

/// <summary>
/// Where messages are kept (and, in the same database, the accounts): one table of room messages and one of direct messages, keyed by
/// conversation and id. Appends come from one writer (<see cref="MessageWriter"/>), a batch
/// per transaction; reads may come from any thread at any time and see only committed batches.
/// </summary>
/// <remarks>Implementations: <see cref="SqliteMessageStore"/> (embedded file) and <see cref="PostgresMessageStore"/>.</remarks>
public interface IMessageStore : IDisposable
{
    /// <summary>Creates the tables when they are missing (and brings history kept by older versions over, once).</summary>
    void Initialize();

    /// <summary>How many messages <see cref="Initialize"/> brought over from ActorChat 1.x's journal (0 when none).</summary>
    int ImportedFromLegacyJournal { get; }

    /// <summary>Stores every message of <paramref name="batch"/> in one transaction: all or none. Called from one thread only.</summary>
    void Append(IReadOnlyList<StoredMessage> batch);

    /// <summary>
    /// The conversation's last id and its <paramref name="recent"/> newest messages; with
    /// <paramref name="resendableSince"/>, also its posts that carried an id since then (the newest
    /// <paramref name="resendableCapacity"/> of them).
    /// </summary>
    ConversationTail LoadTail(ConversationKey conversation, int recent, DateTime? resendableSince = null, int resendableCapacity = 0);

    /// <summary>Messages with ids from <paramref name="fromId"/> to <paramref name="toId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<StoredMessage> ReadRange(ConversationKey conversation, long fromId, long toId, int limit);

    /// <summary>
    /// A history page: the <paramref name="limit"/> newest messages with ids below <paramref name="beforeId"/>
    /// (and stamped at or after <paramref name="notBefore"/> when given), oldest first. Counted in
    /// messages, not ids: ids can have gaps (a post the store refused kept its id).
    /// </summary>
    IReadOnlyList<StoredMessage> ReadBefore(ConversationKey conversation, long beforeId, int limit, DateTime? notBefore = null);

    /// <summary>The accounts, kept in the same database.</summary>
    Accounts.IAccountStore Accounts { get; }
}
