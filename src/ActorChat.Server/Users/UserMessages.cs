using ActorChat.Messages;

namespace ActorChat.Server.Users;

/// <summary>How a session asks for its name (PROTOCOL.md, "Accounts").</summary>
public enum ClaimKind
{
    /// <summary><c>login</c> without a password: a guest name (refused when the name is registered).</summary>
    Guest,

    /// <summary><c>login</c> with a password: the account's name, taken over when another connection holds it.</summary>
    Password,

    /// <summary><c>register</c>: a new account for a name nobody holds or has registered.</summary>
    Register,
}

/// <summary>
/// Session → directory: claim a (canonical) user name for the sender. <paramref name="Address"/>
/// is the client's IP address, for the count of failed attempts.
/// </summary>
public sealed record ClaimName(string Name, ClaimKind Kind = ClaimKind.Guest, Password? Password = null, string Address = "")
{
    public static ClaimName Guest(string name, string address = "") => new(name, ClaimKind.Guest, null, address);
}

/// <summary>
/// Session → directory: I hold this name (granted by a directory incarnation that has ended:
/// in a cluster the directory is a singleton, which moves when its node leaves or is lost).
/// A new incarnation takes these before any new claim (<see cref="UserDirectory"/>'s recovery).
/// </summary>
public sealed record ReclaimName(string Name, bool Account = false);

/// <summary>
/// Directory → session: the name is yours (the Sender is the directory that holds it: the session
/// watches it). <paramref name="Account"/>: it is registered (an account holder's session);
/// <paramref name="TookOver"/>: another connection held it and was replaced.
/// </summary>
public sealed record NameClaimed(string Name, bool Account = false, bool TookOver = false);

/// <summary>Directory → session: the name was not granted; <paramref name="RetryAfter"/> with <c>too_many_attempts</c>.</summary>
public sealed record NameRefused(string Code, string Message, int? RetryAfter = null);

/// <summary>Directory → session: the account's owner logged in on another connection; say <c>bye replaced</c> and go.</summary>
public sealed class Replaced
{
    public static readonly Replaced Instance = new();
    private Replaced() { }
}

/// <summary>Session → directory: a guest registers the name it holds (ActorChat addition: <c>register</c> after login).</summary>
public sealed record RegisterHeldName(Password Password, string Address, RequestRef? Ref);

/// <summary>Session → directory: change the password of the account the session holds (<c>passwd</c>).</summary>
public sealed record ChangePassword(Password Old, Password New, string Address, RequestRef? Ref);

/// <summary>Desk → session: the request with <paramref name="Ref"/> succeeded (<see cref="RegisterHeldName"/>: the session now holds an account).</summary>
public sealed record AccountRequestDone(RequestRef? Ref, bool AccountCreated);

/// <summary>Desk → session: the request was refused; <paramref name="RetryAfter"/> with <c>too_many_attempts</c>.</summary>
public sealed record AccountRequestRefused(ProtocolError Error, int? RetryAfter = null);

/// <summary>Session → directory: a page of the sender's direct messages with <paramref name="With"/> (an account holder's <c>history</c> with <c>with</c>).</summary>
public sealed record DirectHistoryQuery(string With, long? Before, int Limit, RequestRef? Ref);

/// <summary>Directory → session: the page asked for, oldest first; <paramref name="Failed"/> when the store could not be read.</summary>
public sealed record DirectHistoryPage(string With, IReadOnlyList<ActorChat.Messages.Events.ChatMessage> Messages, RequestRef? Ref, bool Failed = false);

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
