namespace ActorChat.Server.Users;

/// <summary>
/// The running direct conversations: one per pair of users (by pair key), and the pairs each
/// user is in, so that when a user leaves the conversations it was in can stop at once (none of
/// them can carry a message until that user is back, and the next message starts the pair's
/// conversation anew, recovered from the store).
/// </summary>
/// <typeparam name="TConversation">The conversation's handle (an actor ref in the server).</typeparam>
public sealed class ConversationTable<TConversation> where TConversation : notnull
{
    private readonly Dictionary<string, (TConversation Conversation, string UserA, string UserB)> _byPair = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _pairsOfUser = new(StringComparer.Ordinal);

    public int Count => _byPair.Count;

    public bool TryGetValue(string pairKey, out TConversation conversation)
    {
        var found = _byPair.TryGetValue(pairKey, out var entry);
        conversation = entry.Conversation;
        return found;
    }

    /// <summary>The conversation of <paramref name="pairKey"/>, between the users of name keys <paramref name="userA"/> and <paramref name="userB"/>.</summary>
    public void Add(string pairKey, string userA, string userB, TConversation conversation)
    {
        Remove(pairKey);
        _byPair[pairKey] = (conversation, userA, userB);
        PairsOf(userA, create: true)!.Add(pairKey);
        PairsOf(userB, create: true)!.Add(pairKey);
    }

    /// <summary>Forgets the pair's conversation; false when it had none.</summary>
    public bool Remove(string pairKey)
    {
        if (!_byPair.Remove(pairKey, out var entry)) return false;
        Forget(entry.UserA, pairKey);
        Forget(entry.UserB, pairKey);
        return true;
    }

    /// <summary>The pair keys of the conversations the user of name key <paramref name="user"/> is in (a copy).</summary>
    public IReadOnlyList<string> PairsOf(string user) => PairsOf(user, create: false)?.ToList() ?? [];

    /// <summary>The pair key of a conversation, if it is in the table (a scan: for the rare case of a conversation that failed).</summary>
    public string? PairOf(TConversation conversation)
    {
        foreach (var (pair, entry) in _byPair)
            if (EqualityComparer<TConversation>.Default.Equals(entry.Conversation, conversation)) return pair;
        return null;
    }

    private HashSet<string>? PairsOf(string user, bool create)
    {
        if (_pairsOfUser.TryGetValue(user, out var pairs) || !create) return pairs;
        return _pairsOfUser[user] = new HashSet<string>(StringComparer.Ordinal);
    }

    private void Forget(string user, string pairKey)
    {
        if (!_pairsOfUser.TryGetValue(user, out var pairs)) return;
        pairs.Remove(pairKey);
        if (pairs.Count == 0) _pairsOfUser.Remove(user);
    }
}
