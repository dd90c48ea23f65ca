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
    private readonly Queue<ChatMessage> _recent = new();
    private readonly int _historySize;

    public RoomState(string name, int historySize, long lastId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 0);
        Name = name;
        _historySize = historySize;
        LastId = lastId;
    }

    /// <summary>The room's name as shown to clients.</summary>
    public string Name { get; }

    /// <summary>The id of the last message posted; ids start at 1 and never repeat.</summary>
    public long LastId { get; private set; }

    public int Count => _members.Count;

    public IEnumerable<TMember> Members => _members.Keys;

    public bool Contains(TMember member) => _members.ContainsKey(member);

    public string? NameOf(TMember member) => _members.GetValueOrDefault(member);

    /// <summary>Adds a member; false when it was already in.</summary>
    public bool Add(TMember member, string userName) => _members.TryAdd(member, userName);

    /// <summary>Removes a member and returns its name, or null when it was not in.</summary>
    public string? Remove(TMember member) => _members.Remove(member, out var name) ? name : null;

    /// <summary>Member names sorted for people (case-insensitive, then ordinal).</summary>
    public IReadOnlyList<string> MemberNames() =>
        _members.Values.Order(StringComparer.OrdinalIgnoreCase).ThenBy(n => n, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Records a post by <paramref name="member"/>: gives it the next id, stamps it and keeps
    /// it in the recent history. Null when the sender is not a member.
    /// </summary>
    public ChatMessage? Post(TMember member, string text, DateTime utcNow)
    {
        if (!_members.TryGetValue(member, out var from)) return null;
        var message = ChatMessage.InRoom(++LastId, Name, from, text, utcNow);
        _recent.Enqueue(message);
        while (_recent.Count > _historySize) _recent.Dequeue();
        return message;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> of the kept messages with id below <paramref name="before"/>
    /// (all when null), the newest of them, oldest first.
    /// </summary>
    public IReadOnlyList<ChatMessage> History(int limit, long? before = null)
    {
        if (limit <= 0) return [];
        var page = before is { } b ? _recent.Where(m => m.Id < b) : _recent;
        return page.TakeLast(limit).ToList();
    }
}
