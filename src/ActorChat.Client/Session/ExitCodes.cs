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

    /// <summary>Input ended before the client could log in.</summary>
    public const int NotLoggedIn = 3;

    /// <summary>The command line names something unusable (a <c>--tls-ca</c> file missing, unreadable or not PEM): the client did not start.</summary>
    public const int BadSetup = 4;
}
