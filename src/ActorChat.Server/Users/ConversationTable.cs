using ActorChat.Server.Storage;

namespace ActorChat.Server.Users;

/// <summary>
/// The running direct conversations: one per pair of users, and the pairs each user is in, so
/// that when a user leaves the conversations it was in can stop at once (none of them can carry
/// a message until that user is back, and the next message starts the pair's conversation anew,
/// going on from the store).
/// </summary>
/// <typeparam name="TConversation">The conversation's handle (an actor ref in the server).</typeparam>
public sealed class ConversationTable<TConversation> where TConversation : notnull
{
    private readonly Dictionary<ConversationKey, TConversation> _byPair = new();
    private readonly Dictionary<string, HashSet<ConversationKey>> _pairsOfUser = new(StringComparer.Ordinal);

    public int Count => _byPair.Count;

    public bool TryGetValue(ConversationKey pair, out TConversation conversation) => _byPair.TryGetValue(pair, out conversation!);

    /// <summary>The conversation of <paramref name="pair"/> (a direct conversation's key: its two users' name keys).</summary>
    public void Add(ConversationKey pair, TConversation conversation)
    {
        if (pair.Kind != ConversationKind.Direct) throw new ArgumentException("not a direct conversation", nameof(pair));
        Remove(pair);
        _byPair[pair] = conversation;
        PairsOf(pair.First, create: true)!.Add(pair);
        PairsOf(pair.Second!, create: true)!.Add(pair);
    }

    /// <summary>Forgets the pair's conversation; false when it had none.</summary>
    public bool Remove(ConversationKey pair)
    {
        if (!_byPair.Remove(pair)) return false;
        Forget(pair.First, pair);
        Forget(pair.Second!, pair);
        return true;
    }

    /// <summary>The conversations the user of name key <paramref name="user"/> is in (a copy).</summary>
    public IReadOnlyList<ConversationKey> PairsOf(string user) => PairsOf(user, create: false)?.ToList() ?? [];

    /// <summary>The pair of a conversation, if it is in the table (a scan: for the rare case of a conversation that failed).</summary>
    public ConversationKey? PairOf(TConversation conversation)
    {
        foreach (var (pair, entry) in _byPair)
            if (EqualityComparer<TConversation>.Default.Equals(entry, conversation)) return pair;
        return null;
    }

    private HashSet<ConversationKey>? PairsOf(string user, bool create)
    {
        if (_pairsOfUser.TryGetValue(user, out var pairs) || !create) return pairs;
        return _pairsOfUser[user] = new HashSet<ConversationKey>();
    }

    private void Forget(string user, ConversationKey pair)
    {
        if (!_pairsOfUser.TryGetValue(user, out var pairs)) return;
        pairs.Remove(pair);
        if (pairs.Count == 0) _pairsOfUser.Remove(user);
    }
}
