using ActorChat.Client.Network;

namespace ActorChat.Client.Session;

/// <summary>How to honour a quit, given where the connection stands.</summary>
public enum QuitStep
{
    /// <summary>Send <c>quit</c> and wait for the server's bye.</summary>
    SendQuit,

    /// <summary>Lines typed while away still wait to go out: quit once they are sent.</summary>
    AfterPending,

    /// <summary>Offline with nothing waiting: just end.</summary>
    ByeNow,
}

/// <summary>
/// The connection as the session sees it (connecting, connected, reconnecting, offline) and
/// when the next attempt is due, with the <see cref="Backoff"/> that spaces the attempts.
/// </summary>
/// <remarks>Plain state and decisions; the session actor owns the connection actor and the timers.</remarks>
public sealed class ConnectionLifecycle
{
    private readonly Backoff _backoff;
    private int _certificateRefusalsInARow;

    public ConnectionLifecycle(Backoff backoff) => _backoff = backoff;

    public ConnectionState State { get; private set; } = ConnectionState.Connecting;

    /// <summary>When the next attempt is due, while <see cref="ConnectionState.Reconnecting"/>.</summary>
    public DateTimeOffset? ReconnectAt { get; private set; }

    public bool IsOnline => State == ConnectionState.Connected;

    /// <summary>Welcome arrived: connected, and the next loss starts the backoff afresh.</summary>
    public void LoggedIn()
    {
        State = ConnectionState.Connected;
        ReconnectAt = null;
        _backoff.Reset();
        _certificateRefusalsInARow = 0;
    }

    /// <summary>
    /// A connection ended: true when its server refused, and so did every other server since the
    /// last connection that was not refused (each of <paramref name="serverCount"/> in turn).
    /// </summary>
    /// <remarks>
    /// A certificate that fails verification does not pass on a retry: it takes someone to fix
    /// the server or the client's <c>--tls-ca</c> (or it is not the server at all). So reconnecting
    /// goes on to the other servers, and stops once all of them refused, instead of trying forever.
    /// </remarks>
    public bool RefusedByEveryServer(ConnectionEndKind ended, int serverCount)
    {
        _certificateRefusalsInARow = ended == ConnectionEndKind.CertificateRejected ? _certificateRefusalsInARow + 1 : 0;
        return _certificateRefusalsInARow >= serverCount;
    }

    /// <summary>The connection was lost: returns how long to wait before the next attempt.</summary>
    public TimeSpan Lost(DateTimeOffset now)
    {
        var delay = _backoff.Next();
        State = ConnectionState.Reconnecting;
        ReconnectAt = now + delay;
        return delay;
    }

    /// <summary>A login was refused and waits for a password to be typed, with no connection meanwhile.</summary>
    public void AwaitingPassword()
    {
        State = ConnectionState.AwaitingPassword;
        ReconnectAt = null;
    }

    /// <summary>A login was refused for a while (<c>too_many_attempts</c>): the next attempt is at <paramref name="at"/>; the backoff is not used.</summary>
    public void RetryingAt(DateTimeOffset at)
    {
        State = ConnectionState.Reconnecting;
        ReconnectAt = at;
    }

    public void Attempting()
    {
        State = ConnectionState.Connecting;
        ReconnectAt = null;
    }

    public void Ended() => State = ConnectionState.Offline;

    /// <summary>Where typed lines stand: sent at once only when connected and every room caught up.</summary>
    public LinkState Link(bool catchingUp) => !IsOnline ? LinkState.Offline : catchingUp ? LinkState.CatchingUp : LinkState.Ready;

    /// <param name="reconnecting">The session reconnects (and so keeps lines typed while away).</param>
    public QuitStep Quit(bool reconnecting, bool catchingUp, int pendingCount)
    {
        if (!(reconnecting && !IsOnline || catchingUp)) return QuitStep.SendQuit;
        // Lines typed while offline are sent first; nothing typed is lost.
        return pendingCount == 0 && !IsOnline ? QuitStep.ByeNow : QuitStep.AfterPending;
    }
}
