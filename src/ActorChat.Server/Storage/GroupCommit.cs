namespace ActorChat.Server.Storage;

/// <summary>
/// Messages waiting for the store, gathered from every conversation, without actors. The writer
/// adds what arrives while the previous transaction runs, then commits it all at once: the busier
/// the server, the more messages share a commit (group commit). Each conversation that sent
/// messages hears once per batch: stored up to its last id, or not stored (which ids, why).
/// </summary>
/// <typeparam name="TReplyTo">Who to tell (an actor ref in the server).</typeparam>
public sealed class GroupCommit<TReplyTo> where TReplyTo : notnull
{
    private readonly List<StoredMessage> _messages = new();
    private readonly List<TReplyTo> _replyTo = new();

    /// <param name="maxBatch">Most messages in one transaction.</param>
    public GroupCommit(int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        MaxBatch = maxBatch;
    }

    public int MaxBatch { get; }

    public int Count => _messages.Count;

    public bool IsEmpty => _messages.Count == 0;

    public bool IsFull => _messages.Count >= MaxBatch;

    public void Add(StoredMessage message, TReplyTo replyTo)
    {
        _messages.Add(message);
        _replyTo.Add(replyTo);
    }

    /// <summary>
    /// Writes everything waiting with <paramref name="append"/> (one transaction) and empties the batch.
    /// Returns one outcome per (recipient, conversation), in the order they first appeared.
    /// </summary>
    public IReadOnlyList<CommitOutcome<TReplyTo>> Commit(Action<IReadOnlyList<StoredMessage>> append)
    {
        if (_messages.Count == 0) return [];
        string? failure = null;
        try
        {
            append(_messages);
        }
        catch (Exception e)
        {
            failure = e.Message;
        }

        var outcomes = new List<CommitOutcome<TReplyTo>>();
        var index = new Dictionary<(TReplyTo, ConversationKey), int>();
        for (var i = 0; i < _messages.Count; i++)
        {
            var message = _messages[i];
            var key = (_replyTo[i], message.Conversation);
            if (!index.TryGetValue(key, out var at))
            {
                index[key] = at = outcomes.Count;
                outcomes.Add(new CommitOutcome<TReplyTo>(_replyTo[i], message.Conversation, message.Id, failure is null ? null : new List<long>(), failure));
            }
            var outcome = outcomes[at];
            if (failure is null) outcomes[at] = outcome with { UpToId = Math.Max(outcome.UpToId, message.Id) };
            else ((List<long>)outcome.FailedIds!).Add(message.Id);
        }
        _messages.Clear();
        _replyTo.Clear();
        return outcomes;
    }
}

/// <summary>
/// A conversation's share of one commit: stored up to <see cref="UpToId"/>, or (when
/// <see cref="Failure"/> is set) not stored: the ids in <see cref="FailedIds"/>.
/// </summary>
public sealed record CommitOutcome<TReplyTo>(TReplyTo ReplyTo, ConversationKey Conversation, long UpToId, IReadOnlyList<long>? FailedIds, string? Failure)
{
    public bool Stored => Failure is null;
}
