using ActorChat.Server.Rooms;
using Akka.Actor;

namespace ActorChat.Server.Network;

/// <summary>
/// A session's view of the rooms it is in. A room is "joining" from the moment the session
/// asks to join until the room confirms (<see cref="RoomJoined"/>); meanwhile requests for it
/// go through the registry, which forwards them after the join, so nothing is refused or
/// reordered for a client that sends "join" and "say" back to back.
/// The joining map exists only while a join is pending: most sessions sit in their rooms
/// for hours, and an empty dictionary still costs its arrays.
/// </summary>
public sealed class RoomMemberships
{
    private readonly Dictionary<string, IActorRef> _joined = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _joining;

    public IReadOnlyCollection<string> JoinedKeys => _joined.Keys;

    public void Joining(string key, string roomName)
    {
        if (!_joined.ContainsKey(key)) (_joining ??= new(StringComparer.Ordinal))[key] = roomName;
    }

    /// <summary>The room confirmed; ignored when the session left it in the meantime.</summary>
    public void Joined(string key, IActorRef room)
    {
        if (_joining is not null && _joining.Remove(key)) _joined[key] = room;
        ForgetJoiningWhenEmpty();
    }

    /// <summary>Sends to a room the session is in or joining; false when it is in neither.</summary>
    public bool TrySend(string key, object message, IActorRef registry)
    {
        if (_joined.TryGetValue(key, out var room)) room.Tell(message);
        else if (_joining is not null && _joining.TryGetValue(key, out var name)) registry.Tell(new RouteToRoom(name, message));
        else return false;
        return true;
    }

    /// <summary>Like <see cref="TrySend"/>, and forgets the room.</summary>
    public bool TryLeave(string key, LeaveRoom leave, IActorRef registry)
    {
        if (!TrySend(key, leave, registry)) return false;
        _joined.Remove(key);
        _joining?.Remove(key);
        ForgetJoiningWhenEmpty();
        return true;
    }

    /// <summary>Leaves every room (the session is ending).</summary>
    public void LeaveAll(LeaveRoom leave, IActorRef registry)
    {
        foreach (var key in _joined.Keys.Concat(_joining?.Keys ?? Enumerable.Empty<string>()).ToList()) TryLeave(key, leave, registry);
    }

    private void ForgetJoiningWhenEmpty()
    {
        if (_joining is { Count: 0 }) _joining = null;
    }
}
