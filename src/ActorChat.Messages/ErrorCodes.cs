namespace ActorChat.Messages;

/// <summary>
/// Every <c>error</c> code the server sends (PROTOCOL.md, "Error codes").
/// Clients switch on these strings, so they never change meaning.
/// </summary>
public static class ErrorCodes
{
    public const string BadJson = "bad_json";
    public const string BadRequest = "bad_request";
    public const string UnknownType = "unknown_type";
    public const string FrameTooLarge = "frame_too_large";
    public const string NotLoggedIn = "not_logged_in";
    public const string AlreadyLoggedIn = "already_logged_in";
    public const string InvalidName = "invalid_name";
    public const string NameTaken = "name_taken";
    public const string ServerFull = "server_full";
    public const string InvalidRoom = "invalid_room";
    public const string NotInRoom = "not_in_room";
    public const string NoSuchUser = "no_such_user";
    public const string InvalidText = "invalid_text";
    public const string RateLimited = "rate_limited";

    // Version 2 ("Accounts", "Direct-message history").

    /// <summary>A password shorter than 8 or longer than 256 characters.</summary>
    public const string WeakPassword = "weak_password";

    /// <summary><c>login</c> without a password for a registered name.</summary>
    public const string PasswordRequired = "password_required";

    /// <summary>A wrong password (whether or not the name is in use at the moment).</summary>
    public const string BadPassword = "bad_password";

    /// <summary>Too many failed attempts for a name or from an address; the error carries <c>retry_after</c>.</summary>
    public const string TooManyAttempts = "too_many_attempts";

    /// <summary>A guest asked for what needs an account (direct-message history, <c>passwd</c>), or logged in to a server run with <c>--accounts required</c>.</summary>
    public const string AccountRequired = "account_required";

    /// <summary>
    /// The server cannot serve this now (its store is down, or it is busy checking passwords); nothing
    /// was stored, the request may be retried later; the connection stays open.
    /// </summary>
    public const string Unavailable = "unavailable";
}

/// <summary>Every <c>bye</c> reason (PROTOCOL.md, "bye reasons").</summary>
public static class ByeReasons
{
    public const string Quit = "quit";
    public const string Idle = "idle";
    public const string Shutdown = "shutdown";
    public const string ServerFull = "server_full";
    public const string SlowConsumer = "slow_consumer";
    public const string Flood = "flood";

    /// <summary>Version 2: the account's owner logged in on another connection (a takeover).</summary>
    public const string Replaced = "replaced";
}

/// <summary>
/// Reasons carried by <c>left</c>. The bye reasons above, plus the two ways a
/// member leaves without a bye. (An ActorChat addition; PROTOCOL.md leaves the
/// values open.)
/// </summary>
public static class LeftReasons
{
    /// <summary>The member sent <c>leave</c>.</summary>
    public const string Leave = "leave";

    /// <summary>The member's connection closed without <c>quit</c>.</summary>
    public const string Disconnected = "disconnected";
}
