namespace ActorChat.Client.Session;

/// <summary>The process exit codes, so scripts can tell a clean quit from trouble.</summary>
public static class ExitCodes
{
    /// <summary>The client quit and the server confirmed it (or closed the connection).</summary>
    public const int Normal = 0;

    /// <summary>The connection was lost or closed by the server without the client asking.</summary>
    public const int ConnectionLost = 1;

    /// <summary>The connection could not be made.</summary>
    public const int ConnectFailed = 2;

    /// <summary>Input ended (or no password was typed at its prompt) before the client could log in, or log in again.</summary>
    public const int NotLoggedIn = 3;

    /// <summary>
    /// The command line names something unusable (a <c>--tls-ca</c> file missing, unreadable or not PEM;
    /// a <c>--password-file</c> missing, unreadable or whose password is not 8 to 256 characters): the client did not start.
    /// </summary>
    public const int BadSetup = 4;

    /// <summary>
    /// The name is registered and needs its password, and the client has none and cannot ask for one:
    /// no <c>--password-file</c>, and standard input is not a terminal.
    /// </summary>
    public const int PasswordNeeded = 5;

    /// <summary>
    /// The server refused the login for good: a wrong password (from <c>--password-file</c>, or at a
    /// re-login that could not ask again), or a server that admits only registered names.
    /// </summary>
    public const int LoginRefused = 6;

    /// <summary>
    /// Logged in elsewhere: the account's owner logged in on another connection (<c>bye</c> <c>replaced</c>).
    /// The client does not reconnect, or the two would take the name from each other forever.
    /// </summary>
    public const int LoggedInElsewhere = 7;
}
