using ActorChat.Client.Network;
using ActorChat.Client.Output;

namespace ActorChat.Client.Session;

/// <summary>How a session ends: the exit code and the last line.</summary>
public sealed record SessionEnding(int ExitCode, string Message)
{
    public bool IsError => ExitCode != ExitCodes.Normal;

    /// <summary>What goes to the error log: the last line, unless the session ends normally or the user gave no name or password.</summary>
    public string? ErrorLine { get; init; } = ExitCode is ExitCodes.Normal or ExitCodes.NotLoggedIn ? null : Message;

    /// <summary>The user quit, and the server's bye is not awaited (offline, nothing left to send).</summary>
    public static readonly SessionEnding Bye = new(ExitCodes.Normal, "* bye");

    /// <summary>Not logged in, and no more input: <paramref name="message"/> says why.</summary>
    public static SessionEnding NotLoggedIn(string message) => new(ExitCodes.NotLoggedIn, message);

    /// <summary>The server did not answer <c>quit</c> within <paramref name="timeout"/>.</summary>
    public static SessionEnding QuitUnanswered(TimeSpan timeout) =>
        new(ExitCodes.ConnectionLost, $"! the server did not answer quit within {timeout.TotalSeconds:0.#} s");

    /// <summary>The <see cref="LoginGate"/> gave up; lines still unsent are counted in the last line, not in the error log.</summary>
    public static SessionEnding GaveUp(LoginGaveUp gaveUp, int unsent) =>
        new(gaveUp.ExitCode, unsent == 0 ? gaveUp.Message : $"{gaveUp.Message} ({unsent} unsent line(s) dropped)")
        {
            ErrorLine = gaveUp.ExitCode == ExitCodes.NotLoggedIn ? null : gaveUp.Message,
        };

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
