using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client;

/// <summary>
/// What the client knows about its own session: its name, the rooms it is in, and the
/// room a plain typed line goes to. Updated only from server events, so it reflects
/// what the server did, not what the user asked for.
/// </summary>
public sealed class ClientState
{
    // Room names compare case-insensitively on the server (NameRules.Key), so here too.
    private readonly SortedDictionary<string, string> _joinedRooms = new(StringComparer.Ordinal);

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

    public bool IsIn(string room) => _joinedRooms.ContainsKey(NameRules.Key(room));

    public void Apply(ServerEvent serverEvent)
    {
        switch (serverEvent)
        {
            case WelcomeEvent welcome:
                Name = welcome.Name;
                break;
            case JoinedEvent joined when IsMe(joined.Name):
                _joinedRooms[NameRules.Key(joined.Room)] = joined.Room;
                // Joining a room is how the user says "talk here now".
                CurrentRoom = joined.Room;
                break;
            case LeftEvent left when IsMe(left.Name):
                _joinedRooms.Remove(NameRules.Key(left.Room));
                if (CurrentRoom is not null && SameRoom(CurrentRoom, left.Room))
                    CurrentRoom = PickFallbackRoom();
                break;
        }
    }

    private string? PickFallbackRoom() =>
        IsIn(ProtocolInfo.Lobby) ? _joinedRooms[NameRules.Key(ProtocolInfo.Lobby)] : _joinedRooms.Values.FirstOrDefault();

    private bool IsMe(string name) => Name is not null && NameRules.Key(name) == NameRules.Key(Name);

    private static bool SameRoom(string a, string b) => NameRules.Key(a) == NameRules.Key(b);
}
