namespace ActorChat.Client.Session;

/// <summary>Timer: the backoff delay is over, try to connect again.</summary>
internal sealed class ReconnectNow
{
    public static readonly ReconnectNow Instance = new();
}

/// <summary>Timer: the server did not answer <c>quit</c> in time.</summary>
internal sealed class QuitTimedOut
{
    public static readonly QuitTimedOut Instance = new();
}

/// <summary>Timer: look for pending lines whose answer is overdue.</summary>
internal sealed class CheckPending
{
    public static readonly CheckPending Instance = new();
}

/// <summary>Timer: a login refused for a while (<c>too_many_attempts</c>, <c>unavailable</c>) may be tried again.</summary>
internal sealed class RetryLogin
{
    public static readonly RetryLogin Instance = new();
}
