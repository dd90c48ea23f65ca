using ActorChat.Client.Network;
using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>
/// Logging in, as the session sees it: names to try until the first <c>welcome</c> (the
/// <see cref="LoginFlow"/>, with its prompts and problems shown), then, after each lost connection,
/// the re-login as the same name. The <see cref="LoginGate"/> adds the password it keeps.
/// </summary>
/// <remarks>Plain code the session actor calls; it shows through <see cref="SessionOutput"/> and returns the <see cref="LogIn"/> to send.</remarks>
public sealed class SessionLogin
{
    private readonly LoginFlow _flow = new();
    private readonly ClientState _state;
    private readonly SessionOutput _output;
    private readonly bool _register;

    /// <param name="register"><c>--register</c>: a taken name gets a line on what that flag needs.</param>
    public SessionLogin(ClientState state, SessionOutput output, bool register)
    {
        _state = state;
        _output = output;
        _register = register;
    }

    /// <summary>The name being logged in with: the confirmed one after a welcome, else the one in flight.</summary>
    public string Name => _state.Name ?? _flow.InFlightName ?? "";

    /// <summary>A login after a lost connection was sent and not yet answered.</summary>
    public bool ReloginInFlight => _flow.ReloginInFlight;

    /// <summary>Input ended (end of a piped script): quit as soon as logged in.</summary>
    public bool InputEnded => _flow.InputEnded;

    public TypedLineRoute Route(string line) => _flow.Route(line, _state.IsLoggedIn);

    /// <summary>At start: the name from the command line, else a prompt for one.</summary>
    public SessionStep Start(string? name) => name is null ? Next(new LoginAttempt([], null, null)) : TryName(name);

    /// <summary>A typed name; the problems with it, and the prompt for another, are shown.</summary>
    public SessionStep TryName(string typed) => Next(_flow.TryName(typed));

    /// <summary>An error from the server, as far as logging in goes.</summary>
    /// <remarks>
    /// Refusing a re-login, most likely <c>name_taken</c> (the server has not yet noticed the old
    /// connection died): close this connection; the usual backoff tries again. Refusing the first
    /// login's name: the next name to try. Anything else is not about the login.
    /// </remarks>
    public SessionStep Refused(ErrorEvent error)
    {
        if (_flow.ReloginInFlight) return new SessionStep([CloseConnection.Instance]);
        if (!_flow.InFlight || error.Code is not (ErrorCodes.InvalidName or ErrorCodes.NameTaken)) return SessionStep.Nothing;
        if (_register && error.Code == ErrorCodes.NameTaken)
            _output.Print("* --register needs a name nobody holds or has registered; to log in to your own account, leave --register out");
        return Next(_flow.Refused());
    }

    /// <summary>Input ended. True when, not logged in and with nothing in flight, there is nobody to log in as.</summary>
    public bool EndInput() => _flow.EndInput(_state.IsLoggedIn);

    /// <summary>A welcome arrived: true when it answers a re-login (then no longer in flight), false for the first login.</summary>
    public bool WelcomedAgain()
    {
        if (!_flow.ReloginInFlight) return false;
        _flow.ReloginAnswered();
        return true;
    }

    /// <summary>The first login's welcome: recorded; returns the lines typed meanwhile, in order, to handle now.</summary>
    public IReadOnlyList<string> Welcomed(WelcomeEvent welcome)
    {
        _output.LoggedIn(welcome.Name);
        return _flow.LoggedIn();
    }

    /// <summary>The first login once more, on the next server (null when none is in flight).</summary>
    public LogIn? FirstLoginAgain() => _flow.InFlightName is { } name ? new LogIn(name) : null;

    /// <summary>On a new connection after a lost one: the re-login as the confirmed name.</summary>
    public LogIn Relogin()
    {
        _flow.ReloginSent();
        return new LogIn(_state.Name!, Relogin: true);
    }

    /// <summary>The gate logs in again on a fresh connection: a re-login once logged in before.</summary>
    public void Resumed()
    {
        if (_state.IsLoggedIn) _flow.ReloginSent();
    }

    /// <summary>The re-login will not be answered by a welcome: it waits (password, lock-out) or its connection was lost.</summary>
    public void ReloginAnswered() => _flow.ReloginAnswered();

    /// <summary>Shows what is wrong with the names tried, and asks for another; returns the login to send, or the end.</summary>
    private SessionStep Next(LoginAttempt attempt)
    {
        foreach (var problem in attempt.Problems) _output.Print(problem);
        if (attempt.Name is { } name) return new SessionStep([new LogIn(name)]);
        if (attempt.GiveUp is { } message) return SessionStep.Ending(SessionEnding.NotLoggedIn(message));
        _output.Print($"? your name ({NameRules.Description}):");
        return SessionStep.Nothing;
    }
}
