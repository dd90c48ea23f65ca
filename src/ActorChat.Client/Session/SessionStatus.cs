namespace ActorChat.Client.Session;

/// <summary>The connection as the status line shows it.</summary>
public enum ConnectionState
{
    Connecting,
    Connected,
    Reconnecting,
    Offline,

    /// <summary>Not connected: the login waits for a password to be typed.</summary>
    AwaitingPassword,
}

/// <summary>A snapshot for the status line and member list; immutable, so it may cross to the UI thread.</summary>
/// <param name="Connection">Connected, reconnecting, ...</param>
/// <param name="ReconnectAt">When the next attempt is due, while <see cref="ConnectionState.Reconnecting"/>.</param>
/// <param name="Name">The confirmed user name; null before login.</param>
/// <param name="Front">The conversation in front: a room name, or <c>@peer</c>.</param>
/// <param name="Members">Members of the room in front (empty for a direct conversation or when unknown).</param>
/// <param name="MemberCount">The member count the server last reported for it.</param>
/// <param name="Unread">Unread counts of the other conversations.</param>
/// <param name="Conversations">Every open conversation, in the order Alt+1, Alt+2, ... select them.</param>
/// <param name="PendingCount">Typed lines not yet confirmed.</param>
public sealed record SessionStatus(
    ConnectionState Connection,
    DateTimeOffset? ReconnectAt,
    string? Name,
    string? Front,
    IReadOnlyList<string> Members,
    int MemberCount,
    IReadOnlyList<(string Name, int Unread)> Unread,
    IReadOnlyList<string> Conversations,
    int PendingCount)
{
    /// <summary>The snapshot of a session's state; the front is the conversation in front, else the current room.</summary>
    public static SessionStatus Of(ConnectionState connection, DateTimeOffset? reconnectAt, ClientState state, ConversationState conversations)
    {
        var front = conversations.Current;
        return new SessionStatus(
            connection,
            reconnectAt,
            state.Name,
            front is null ? state.CurrentRoom : front.IsDirect ? "@" + front.Name : front.Name,
            front is { IsDirect: false } ? [.. front.Members] : [],
            front?.MemberCount ?? 0,
            conversations.UnreadElsewhere(),
            [.. conversations.All.Select(c => c.IsDirect ? "@" + c.Name : c.Name)],
            conversations.Pending.Count);
    }
}
