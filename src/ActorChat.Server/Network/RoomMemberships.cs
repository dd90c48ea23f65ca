using ActorChat.Messages.Rules;

namespace ActorChat.Server.Network;

/// <summary>
/// The rooms a session is in, by key, with their names: the session's own account, which
/// rooms follow. A room knows its members only while its incarnation runs; when it moves, the
/// session restores itself into the next one from this list (<see cref="Delivery.RoomMoved"/>).
/// A room counts from the moment the session asks to join it, so requests for it may follow
/// the join at once, in order.
/// </summary>
/// <remarks>
/// Most sessions sit in one room (the lobby) for hours, and an empty or one-entry dictionary
/// still costs ~200 bytes of arrays (docs/benchmarks.md, "Idle connections"): the first room is
/// kept in two fields, a dictionary is made only for a second one.
/// </remarks>
public sealed class RoomMemberships
{
    private string? _firstKey;
    private string? _firstName;
    private Dictionary<string, string>? _more;

    /// <summary>The names of the rooms the session is in, in no particular order.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            var names = new List<string>();
            if (_firstName is not null) names.Add(_firstName);
            if (_more is not null) names.AddRange(_more.Values);
            return names;
        }
    }

    /// <summary>A dictionary holds the rooms (for tests: only when there are two or more).</summary>
    internal bool HoldsDictionary => _more is not null;

    public bool Contains(string roomName) => TryGetName(NameRules.Key(roomName), out _);

    /// <summary>The session asked to join (a second join of the same room changes nothing).</summary>
    public void Add(string roomName)
    {
        var key = NameRules.Key(roomName);
        if (TryGetName(key, out _)) return;
        if (_firstKey is null) (_firstKey, _firstName) = (key, roomName);
        else (_more ??= new(StringComparer.Ordinal))[key] = roomName;
    }

    /// <summary>Forgets a room; false when the session was not in it.</summary>
    public bool Remove(string roomName)
    {
        var key = NameRules.Key(roomName);
        if (_firstKey == key)
        {
            (_firstKey, _firstName) = (null, null);
            // another room, if any, moves into the fields
            if (_more is { Count: > 0 })
            {
                var (nextKey, nextName) = _more.First();
                _more.Remove(nextKey);
                (_firstKey, _firstName) = (nextKey, nextName);
            }
        }
        else if (_more is null || !_more.Remove(key))
        {
            return false;
        }
        if (_more is { Count: 0 }) _more = null;
        return true;
    }

    private bool TryGetName(string key, out string name)
    {
        if (_firstKey == key)
        {
            name = _firstName!;
            return true;
        }
        name = null!;
        return _more is not null && _more.TryGetValue(key, out name!);
    }
}
