using ActorChat.Messages;

namespace ActorChat.Server.Users;

/// <summary>Session → directory: claim a (canonical) user name for the sender.</summary>
public sealed record ClaimName(string Name);

/// <summary>
/// Session → directory: I hold this name (granted by a directory incarnation that has ended:
/// in a cluster the directory is a singleton, which moves when its node leaves or is lost).
/// A new incarnation takes these before any new claim (<see cref="UserDirectory"/>'s recovery).
/// </summary>
public sealed record ReclaimName(string Name);

/// <summary>Directory → session: the name is yours (the Sender is the directory that holds it: the session watches it).</summary>
public sealed record NameClaimed(string Name);

/// <summary>Directory → session: the name was not granted (<c>name_taken</c>).</summary>
public sealed record NameRefused(string Code, string Message);

/// <summary>Session → directory: the sender no longer holds its name (on quit or close).</summary>
public sealed class ReleaseName
{
    public static readonly ReleaseName Instance = new();
    private ReleaseName() { }
}

/// <summary>Session → directory: a direct message from the sender to <paramref name="To"/>.</summary>
public sealed record SendDirect(string To, string Text, RequestRef? Ref);

/// <summary>How many users are logged in; answered with an <see cref="int"/> (for leak checks and monitoring).</summary>
public sealed class GetUserCount
{
    public static readonly GetUserCount Instance = new();
    private GetUserCount() { }
}

/// <summary>How many direct conversations are running (stopping ones included); answered with an <see cref="int"/> (for leak checks and <c>stats</c>).</summary>
public sealed class GetConversationCount
{
    public static readonly GetConversationCount Instance = new();
    private GetConversationCount() { }
}
