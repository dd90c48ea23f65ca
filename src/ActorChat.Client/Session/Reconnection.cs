using System.Net;
using ActorChat.Client.Network;
using ActorChat.Messages;

namespace ActorChat.Client.Session;

/// <summary>
/// Staying connected: when a connection ends, reconnect after a <see cref="Backoff"/> delay and log
/// in again as the same name, go on to the next server while none has been reached yet, or end the
/// session (and how).
/// </summary>
/// <remarks>
/// Plain state and decisions on the session's <see cref="ConnectionLifecycle"/> (its backoff and
/// certificate refusals) and <see cref="SessionLogin"/>; it returns what to send instead of sending,
/// and the session actor sets the timer.
/// </remarks>
public sealed class Reconnection
{
    private readonly ConnectionLifecycle _link;
    private readonly SessionLogin _login;
    private readonly CatchUpTracker _catchUps;
    private readonly bool _reconnect;
    private readonly IReadOnlyList<EndPoint> _servers;
    private int _serversUntried;

    /// <param name="reconnect">The session reconnects after a lost connection (<see cref="SessionSettings.Reconnect"/>).</param>
    /// <param name="servers">Every server, the first one first (<see cref="SessionSettings.AllServers"/>).</param>
    public Reconnection(ConnectionLifecycle link, SessionLogin login, CatchUpTracker catchUps, bool reconnect, IReadOnlyList<EndPoint> servers)
    {
        _link = link;
        _login = login;
        _catchUps = catchUps;
        _reconnect = reconnect;
        _servers = servers;
        _serversUntried = servers.Count - 1;
    }

    /// <param name="loggedIn">The session logged in at some point.</param>
    /// <param name="quitting">The user asked to quit and <c>quit</c> was sent.</param>
    /// <param name="now">When it ended, for <see cref="ConnectionLifecycle.ReconnectAt"/>.</param>
    public SessionStep Ended(ConnectionEnded ended, bool loggedIn, bool quitting, DateTimeOffset now)
    {
        if (ended.ByeReason == ByeReasons.Replaced) return SessionStep.Ending(SessionEnding.LoggedInElsewhere(_login.Name));
        var refusedEverywhere = _link.RefusedByEveryServer(ended.Kind, _servers.Count);
        if (_reconnect && loggedIn && !quitting && !refusedEverywhere) return Lost(SessionEnding.Why(ended), now);
        if ((ended.Kind is ConnectionEndKind.ConnectFailed or ConnectionEndKind.CertificateRejected) && !loggedIn && !quitting && _serversUntried > 0)
        {
            // At start, a server that cannot be reached: the next one at once, the login going with it.
            _serversUntried--;
            var line = $"! cannot connect: {SessionEnding.Why(ended)}; trying the next server";
            return new SessionStep(_login.FirstLoginAgain() is { } login ? [OpenConnection.Instance, login] : [OpenConnection.Instance], ErrorLine: line);
        }
        return SessionStep.Ending(SessionEnding.After(ended, quitting, string.Join(", ", _servers)));
    }

    /// <summary>The backoff delay is over: a new connection, and the re-login on it.</summary>
    public SessionStep Now()
    {
        _link.Attempting();
        return new SessionStep([OpenConnection.Instance, _login.Relogin()]);
    }

    /// <summary>The gate's login waits for a password or a lock-out, with no connection meanwhile.</summary>
    public void LoginWaiting(LoginWaiting waiting, DateTimeOffset now)
    {
        if (waiting.State == ConnectionState.AwaitingPassword) _link.AwaitingPassword();
        else _link.RetryingAt(waiting.RetryAt ?? now);
        _login.ReloginAnswered();
    }

    /// <summary>The gate's login goes again on a fresh connection.</summary>
    public void LoginResumed()
    {
        _link.Attempting();
        _login.Resumed();
    }

    private SessionStep Lost(string why, DateTimeOffset now)
    {
        _catchUps.Reset();
        _login.ReloginAnswered();
        var delay = _link.Lost(now);
        return new SessionStep([new CancelPasswordDialog("the connection was lost")], ReconnectIn: delay, ErrorLine: $"! {why}; reconnecting in {delay.TotalSeconds:0.#} s");
    }
}
