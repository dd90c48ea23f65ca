using ActorChat.Server.Rooms;
using Akka.Actor;

namespace ActorChat.Server.Network;

/// <summary>
/// A session's view of the rooms it is in. A room is "joining" from the moment the session
/// asks to join until the room confirms (<see cref="RoomJoined"/>); meanwhile requests for it
/// go through the registry, which forwards them after the join, so nothing is refused or
/// reordered for a client that sends "join" and "say" back to back.
/// </summary>
/// <remarks>
/// Most sessions sit in one room (the lobby) for hours, and an empty or one-entry dictionary
/// still costs ~200 bytes of arrays (docs/benchmarks.md, "Idle connections"): the first room
/// joined is kept in two fields, a dictionary is made only for a second one, and the joining
/// map exists only while a join is pending.
/// </remarks>
public sealed class RoomMemberships
{
    private string? _firstKey;
    private IActorRef? _firstRoom;
    private Dictionary<string, IActorRef>? _more;
    private Dictionary<string, string>? _joining;

    /// <summary>The keys of the rooms joined (confirmed), in no particular order.</summary>
    public IReadOnlyCollection<string> JoinedKeys
    {
        get
        {
            var keys = new List<string>();
            if (_firstKey is not null) keys.Add(_firstKey);
            if (_more is not null) keys.AddRange(_more.Keys);
            return keys;
        }
    }

    /// <summary>A dictionary holds the joined rooms (for tests: only when there are two or more).</summary>
    internal bool HoldsDictionary => _more is not null;

    public void Joining(string key, string roomName)
    {
        if (!TryGetJoined(key, out _)) (_joining ??= new(StringComparer.Ordinal))[key] = roomName;
    }

    /// <summary>The room confirmed; ignored when the session left it in the meantime.</summary>
    public void Joined(string key, IActorRef room)
    {
        if (_joining is not null && _joining.Remove(key)) AddJoined(key, room);
        ForgetJoiningWhenEmpty();
    }

    /// <summary>Sends to a room the session is in or joining; false when it is in neither.</summary>
    public bool TrySend(string key, object message, IActorRef registry)
    {
        if (TryGetJoined(key, out var room)) room.Tell(message);
        else if (_joining is not null && _joining.TryGetValue(key, out var name)) registry.Tell(new RouteToRoom(name, message));
        else return false;
        return true;
    }

    /// <summary>Like <see cref="TrySend"/>, and forgets the room.</summary>
    public bool TryLeave(string key, LeaveRoom leave, IActorRef registry)
    {
        if (!TrySend(key, leave, registry)) return false;
        RemoveJoined(key);
        _joining?.Remove(key);
        ForgetJoiningWhenEmpty();
        return true;
    }

    /// <summary>Leaves every room (the session is ending).</summary>
    public void LeaveAll(LeaveRoom leave, IActorRef registry)
    {
        foreach (var key in JoinedKeys.Concat(_joining?.Keys ?? Enumerable.Empty<string>()).ToList()) TryLeave(key, leave, registry);
    }

    private bool TryGetJoined(string key, out IActorRef room)
    {
        if (_firstKey == key)
        {
            room = _firstRoom!;
            return true;
        }
        room = null!;
        return _more is not null && _more.TryGetValue(key, out room!);
    }

    private void AddJoined(string key, IActorRef room)
    {
        if (_firstKey is null || _firstKey == key)
        {
            _firstKey = key;
            _firstRoom = room;
        }
        else
        {
            (_more ??= new(StringComparer.Ordinal))[key] = room;
        }
    }

    private void RemoveJoined(string key)
    {
        if (_firstKey == key)
        {
            _firstKey = null;
            _firstRoom = null;
            // another joined room, if any, moves into the fields
            if (_more is { Count: > 0 })
            {
                var (nextKey, nextRoom) = _more.First();
                _more.Remove(nextKey);
                _firstKey = nextKey;
                _firstRoom = nextRoom;
            }
        }
        else
        {
            _more?.Remove(key);
        }
        if (_more is { Count: 0 }) _more = null;
    }

    private void ForgetJoiningWhenEmpty()
    {
        if (_joining is { Count: 0 }) _joining = null;
    }
}
