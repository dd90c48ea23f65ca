using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client;

/// <summary>
/// What the client knows about its own session: its name, the rooms it is in, and the
/// room a plain typed line goes to. Membership is updated only from server events, so it
/// reflects what the server did, not what the user asked for.
/// </summary>
/// <remarks>
/// Room names compare case-insensitively on the server (<see cref="NameRules.Key"/>), so here too.
/// </remarks>
public sealed class ClientState
{
    private readonly SortedDictionary<string, string> _joinedRooms = new(StringComparer.Ordinal);

    // Joins sent but not yet answered, oldest first.
    private readonly List<PendingJoin> _pendingJoins = [];

    /// <summary>The name the server confirmed in <c>welcome</c>; null before that.</summary>
    public string? Name { get; private set; }

    /// <summary>
    /// Where a plain line is posted. Starts as the lobby because the server puts every
    /// client there right after login, so lines typed (or piped) before the lobby's
    /// <c>joined</c> arrives still go somewhere sensible. Null once the client has left
    /// every room.
    /// </summary>
    public string? CurrentRoom { get; private set; } = ProtocolInfo.Lobby;

    /// <summary>Rooms the client is in, as the server spells them, in key order.</summary>
    public IReadOnlyCollection<string> JoinedRooms => _joinedRooms.Values;

    public bool IsLoggedIn => Name is not null;

    /// <summary>The name is registered to an account (<c>welcome</c>'s <c>account</c>, or since <c>/register</c>); false for a guest.</summary>
    public bool IsAccount { get; private set; }

    /// <summary>The guest name was registered (<c>/register</c> answered <c>ok</c>).</summary>
    public void Registered() => IsAccount = true;

    public bool IsIn(string room) => _joinedRooms.ContainsKey(NameRules.Key(room));

    /// <summary>
    /// The user sent <c>join</c>: talk there from now on, without waiting for the server's
    /// <c>joined</c>, so lines typed (or piped) right after <c>/join</c> go to the new room.
    /// If the server refuses the join (an <c>error</c> whose <c>ref</c> is
    /// <paramref name="requestId"/>), the previous room becomes current again.
    /// </summary>
    public void JoinSent(string room, RequestRef requestId)
    {
        _pendingJoins.Add(new PendingJoin(NameRules.Key(room), requestId, CurrentRoom));
        CurrentRoom = room;
    }

    /// <summary>The user switched to a room it is in: plain lines go there from now on.</summary>
    public bool SwitchTo(string room)
    {
        if (!_joinedRooms.TryGetValue(NameRules.Key(room), out var spelled)) return false;
        CurrentRoom = spelled;
        return true;
    }

    public void Apply(ServerEvent serverEvent)
    {
        switch (serverEvent)
        {
            case WelcomeEvent welcome:
                Name = welcome.Name;
                IsAccount = welcome.Account == true;
                break;
            case JoinedEvent joined when IsMe(joined.Name):
                OnJoined(joined.Room);
                break;
            case LeftEvent left when IsMe(left.Name):
                _joinedRooms.Remove(NameRules.Key(left.Room));
                if (CurrentRoom is not null && SameRoom(CurrentRoom, left.Room))
                    CurrentRoom = PickFallbackRoom();
                break;
            case ErrorEvent { Ref: { } reference }:
                OnRefused(reference);
                break;
        }
    }

    private void OnJoined(string room)
    {
        var key = NameRules.Key(room);
        _joinedRooms[key] = room;
        var answered = _pendingJoins.RemoveAll(p => p.RoomKey == key) > 0;
        if (answered)
        {
            // CurrentRoom was set when the join was sent; only take the server's spelling.
            if (CurrentRoom is not null && NameRules.Key(CurrentRoom) == key) CurrentRoom = room;
        }
        else if (_pendingJoins.Count == 0)
        {
            // A join the user did not ask for just now (the lobby after login): talk there,
            // unless a /join typed meanwhile already said where to talk.
            CurrentRoom = room;
        }
    }

    private void OnRefused(RequestRef reference)
    {
        var index = _pendingJoins.FindIndex(p => p.RequestId == reference);
        if (index < 0) return;
        var refused = _pendingJoins[index];
        _pendingJoins.RemoveAt(index);
        if (CurrentRoom is not null && NameRules.Key(CurrentRoom) == refused.RoomKey) CurrentRoom = refused.PreviousRoom;
    }

    private string? PickFallbackRoom() =>
        IsIn(ProtocolInfo.Lobby) ? _joinedRooms[NameRules.Key(ProtocolInfo.Lobby)] : _joinedRooms.Values.FirstOrDefault();

    private bool IsMe(string name) => Name is not null && NameRules.Key(name) == NameRules.Key(Name);

    private static bool SameRoom(string a, string b) => NameRules.Key(a) == NameRules.Key(b);

    private sealed record PendingJoin(string RoomKey, RequestRef RequestId, string? PreviousRoom);
}
