using ActorChat.Messages.Events;

namespace ActorChat.Server.Rooms;

/// <summary>
/// The rules of one room, without actors: who is in it (each member once, under the
/// name the server knows), the next message id, and the recent messages.
/// </summary>
/// <typeparam name="TMember">How a member is addressed (an actor ref in the server).</typeparam>
public sealed class RoomState<TMember> where TMember : notnull
{
    private readonly Dictionary<TMember, string> _members = new();

    /// <summary>Members taken back by a post before their restore came, with the last stored id at that moment.</summary>
    private Dictionary<TMember, long>? _awaitingRestore;
    private readonly Queue<ChatMessage> _recent = new();
    private readonly int _historySize;

    public RoomState(string name, int historySize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 0);
        Name = name;
        _historySize = historySize;
    }

    /// <summary>The room's name as shown to clients.</summary>
    public string Name { get; }

    /// <summary>The id given to the last post (stored or not yet); ids start at 1 and never repeat.</summary>
    public long LastId { get; private set; }

    public int Count => _members.Count;

    public IEnumerable<TMember> Members => _members.Keys;

    public bool Contains(TMember member) => _members.ContainsKey(member);

    public string? NameOf(TMember member) => _members.GetValueOrDefault(member);

    /// <summary>The member known by <paramref name="userName"/> (compared as names are: <see cref="ActorChat.Messages.Rules.NameRules.Key"/>), other than <paramref name="except"/>; a scan, for the rare takeover.</summary>
    public TMember? MemberNamed(string userName, TMember except)
    {
        var key = ActorChat.Messages.Rules.NameRules.Key(userName);
        foreach (var (member, name) in _members)
            if (!EqualityComparer<TMember>.Default.Equals(member, except) && ActorChat.Messages.Rules.NameRules.Key(name) == key) return member;
        return default;
    }

    /// <summary>Adds a member; false when it was already in.</summary>
    public bool Add(TMember member, string userName) => _members.TryAdd(member, userName);

    /// <summary>Removes a member and returns its name, or null when it was not in.</summary>
    public string? Remove(TMember member)
    {
        _awaitingRestore?.Remove(member);
        return _members.Remove(member, out var name) ? name : null;
    }

    /// <summary>
    /// A member of an earlier incarnation posts here before its restore arrives: it is taken back at
    /// once (false when it was in already), and its restore will bring only what it missed before now.
    /// </summary>
    public bool AddAwaitingRestore(TMember member, string userName)
    {
        if (!_members.TryAdd(member, userName)) return false;
        (_awaitingRestore ??= new())[member] = LastRecordedId;
        return true;
    }

    /// <summary>
    /// A member of an earlier incarnation comes back (<paramref name="added"/>: it was not in). Returns
    /// the kept messages it missed: stored after <paramref name="afterId"/> (the last the earlier
    /// incarnation sent it; null: unknown, nothing is sent again) and not sent to it here since.
    /// </summary>
    public IReadOnlyList<ChatMessage> Restore(TMember member, string userName, long? afterId, out bool added)
    {
        added = _members.TryAdd(member, userName);
        var upTo = LastRecordedId;
        if (!added)
        {
            if (_awaitingRestore is null || !_awaitingRestore.Remove(member, out upTo)) return [];
        }
        if (afterId is not { } after) return [];
        return _recent.Where(m => m.Id > after && m.Id <= upTo).ToList();
    }

    /// <summary>Member names sorted for people (case-insensitive, then ordinal).</summary>
    public IReadOnlyList<string> MemberNames() =>
        _members.Values.Order(StringComparer.OrdinalIgnoreCase).ThenBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>
    /// A post by <paramref name="member"/>: the next id, stamped, with the sender's server-known
    /// name. Null when the sender is not a member. Not yet in the history: see <see cref="Record"/>.
    /// </summary>
    public ChatMessage? Post(TMember member, string text, DateTime utcNow)
    {
        if (!_members.TryGetValue(member, out var from)) return null;
        return ChatMessage.InRoom(++LastId, Name, from, text, utcNow);
    }

    /// <summary>
    /// Keeps a message in the recent history once it is stored (durable). Messages are
    /// recorded in id order; <see cref="LastRecordedId"/> follows.
    /// </summary>
    public void Record(ChatMessage message)
    {
        _recent.Enqueue(message);
        while (_recent.Count > _historySize) _recent.Dequeue();
        LastRecordedId = message.Id;
        LastId = Math.Max(LastId, message.Id);
    }

    /// <summary>
    /// Starts from what the store holds: ids go on after <paramref name="lastId"/>, and
    /// <paramref name="recent"/> (oldest first) is the kept history.
    /// </summary>
    public void Resume(long lastId, IEnumerable<ChatMessage> recent)
    {
        foreach (var message in recent) Record(message);
        LastId = Math.Max(LastId, lastId);
        LastRecordedId = Math.Max(LastRecordedId, lastId);
    }

    /// <summary>The id of the newest durable message (0 when none).</summary>
    public long LastRecordedId { get; private set; }

    /// <summary>
    /// A history page from the kept messages: up to <paramref name="limit"/> messages below
    /// <paramref name="before"/> (or the newest), oldest first. True when they answer it whole:
    /// the page is full, or no message was ever dropped from the kept ones. A page is counted in
    /// messages, not ids: ids can have gaps (a post the store refused keeps its id).
    /// </summary>
    public bool TryHistory(int limit, long? before, out IReadOnlyList<ChatMessage> page)
    {
        var below = _recent.Where(m => m.Id < (before ?? long.MaxValue)).ToList();
        page = limit <= 0 ? [] : below.Skip(Math.Max(0, below.Count - limit)).ToList();
        return limit <= 0 || below.Count >= limit || _recent.Count < _historySize;
    }

    /// <summary>The kept part of a history page (see <see cref="TryHistory"/>), oldest first.</summary>
    public IReadOnlyList<ChatMessage> History(int limit, long? before = null)
    {
        TryHistory(limit, before, out var page);
        return page;
    }
}
