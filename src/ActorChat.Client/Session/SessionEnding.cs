using ActorChat.Client.Network;
using ActorChat.Client.Output;

namespace ActorChat.Client.Session;

/// <summary>How a session ends when its connection ends for good: the exit code and the last line.</summary>
public sealed record SessionEnding(int ExitCode, string Message)
{
    public bool IsError => ExitCode != ExitCodes.Normal;

    /// <summary>Why the connection ended, as one line: its detail and the server's bye reason, if any.</summary>
    public static string Why(ConnectionEnded ended) =>
        ended.ByeReason is { } reason ? $"{ended.Detail} (bye: {TerminalText.EscapeSingleLine(reason)})" : ended.Detail;

    /// <summary>
    /// <c>bye</c> <c>replaced</c>: the account's owner logged in on another connection. No reconnect,
    /// or the two clients would take the name from each other forever.
    /// </summary>
    public static SessionEnding LoggedInElsewhere(string name) =>
        new(ExitCodes.LoggedInElsewhere,
            $"! logged in elsewhere: someone logged in as {TerminalText.EscapeSingleLine(name)} with its password on another connection, "
            + "which took over; this client stops and does not reconnect");

    /// <param name="quitting">The user asked to quit: a close now is the normal end.</param>
    /// <param name="server">The server (or the servers, tried in turn) the session used, for the message.</param>
    public static SessionEnding After(ConnectionEnded ended, bool quitting, string server)
    {
        var why = Why(ended);
        var exitCode = ended.Kind switch
        {
            ConnectionEndKind.ConnectFailed or ConnectionEndKind.CertificateRejected => ExitCodes.ConnectFailed,
            // A close after our quit is the normal end, bye or not.
            ConnectionEndKind.ClosedByServer or ConnectionEndKind.ClosedByClient when quitting => ExitCodes.Normal,
            _ => ExitCodes.ConnectionLost,
        };
        var message = exitCode == ExitCodes.ConnectFailed
            ? $"! cannot connect to {server}: {why}"
            : (exitCode == ExitCodes.Normal ? "* " : "! ") + why;
        return new SessionEnding(exitCode, message);
    }
}
