using ActorChat.Client.Network;

namespace ActorChat.Client.Session;

// What the session and its LoginGate tell each other, besides what passes through.

/// <summary>
/// To the gate: log in as <paramref name="Name"/> on the current connection, with the password it
/// has (or create the account, for <c>--register</c>); the gate builds the request.
/// <paramref name="Relogin"/>: after a lost connection, the session having logged in before.
/// </summary>
public sealed record LogIn(string Name, bool Relogin = false);

/// <summary>From the gate: a line about the login (never a password); "!" lines are errors.</summary>
public sealed record LoginNotice(string Line);

/// <summary>
/// From the gate: the login was refused for now and its connection closed; it waits for a password
/// to be typed (<see cref="ConnectionState.AwaitingPassword"/>) or until <paramref name="RetryAt"/>
/// (<see cref="ConnectionState.Reconnecting"/>).
/// </summary>
public sealed record LoginWaiting(ConnectionState State, DateTimeOffset? RetryAt);

/// <summary>From the gate: the login goes again, on a fresh connection.</summary>
public sealed record LoginResumed
{
    public static readonly LoginResumed Instance = new();
}

/// <summary>From the gate: no way to log in; the session ends with this exit code and last line.</summary>
public sealed record LoginGaveUp(int ExitCode, string Message);
