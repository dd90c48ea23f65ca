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

    /// <summary>
    /// ActorChat addition: the server could not carry out the request for a reason of its own
    /// (its store did not answer). The request may be retried; the connection stays open.
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
