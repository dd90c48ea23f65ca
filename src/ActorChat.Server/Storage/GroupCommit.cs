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

        // One entry per (recipient, conversation), in first-seen order; value tuples, so a busy
        // commit allocates per conversation, not per message.
        var groups = new List<(TReplyTo ReplyTo, ConversationKey Conversation, long UpToId, List<long>? FailedIds)>();
        var index = new Dictionary<(TReplyTo, ConversationKey), int>();
        for (var i = 0; i < _messages.Count; i++)
        {
            var message = _messages[i];
            if (!index.TryGetValue((_replyTo[i], message.Conversation), out var at))
            {
                index[(_replyTo[i], message.Conversation)] = at = groups.Count;
                groups.Add((_replyTo[i], message.Conversation, message.Id, failure is null ? null : new List<long>()));
            }
            var group = groups[at];
            groups[at] = group with { UpToId = Math.Max(group.UpToId, message.Id) };
            group.FailedIds?.Add(message.Id);
        }
        var outcomes = groups.ConvertAll(g => new CommitOutcome<TReplyTo>(g.ReplyTo, g.Conversation, g.UpToId, g.FailedIds, failure));
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
