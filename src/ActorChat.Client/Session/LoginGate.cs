using ActorChat.Client.Network;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using Akka.Actor;

namespace ActorChat.Client.Session;

/// <summary>
/// Between the <see cref="ChatSession"/> and its <see cref="SessionConnection"/>: everything about
/// passwords. It builds each login from the <see cref="Credentials"/> it keeps, sees it through
/// password prompts and lock-outs, and hosts the <see cref="PasswordDialog"/> of <c>/register</c>
/// and <c>/passwd</c>; everything else passes through both ways unchanged.
/// </summary>
/// <remarks>
/// A login refused for a reason about accounts (<see cref="LoginRefusal"/>) does not reach the
/// session: the gate closes that connection, waits for its end (so that end is never taken for the
/// next connection's), then asks for the password or waits out <c>retry_after</c>, and logs in
/// again on a fresh connection. The session hears <see cref="LoginWaiting"/>, then
/// <see cref="LoginResumed"/>, and in the end the welcome or <see cref="LoginGaveUp"/>.
/// </remarks>
public sealed class LoginGate : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    private const string RetryTimerKey = "retry-login";

    private readonly SessionSettings _settings;
    private readonly IActorRef _session;
    private readonly TimeProvider _clock;
    private readonly bool _canAsk;
    private readonly Credentials _credentials;
    private IActorRef _connection = ActorRefs.Nobody;
    private IActorRef _dialog = ActorRefs.Nobody;

    public LoginGate(SessionSettings settings, IActorRef session, TimeProvider clock)
    {
        _settings = settings;
        _session = session;
        _clock = clock;
        _canAsk = settings.SecretInput.CanAsk;
        _credentials = new Credentials(settings.Password, settings.PasswordFile, settings.Register, keepForRelogin: settings.Reconnect);
        Passing();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    public static Props Props(SessionSettings settings, IActorRef session, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new LoginGate(settings, session, clock));

    protected override void PreStart()
    {
        _connection = Context.ActorOf(SessionConnection.Props(_settings, Self), "connection");
        _dialog = Context.ActorOf(PasswordDialog.Props(Self, _settings.PasswordFile), "password-dialog");
    }

    protected override void PostStop() => _credentials.Forget();

    /// <summary>No login in flight: everything passes through.</summary>
    private void Passing()
    {
        Receive<LogIn>(OnLogIn);
        Downwards();
        Receive<ConnectionEnded>(ended => _session.Forward(ended));
        Upwards();
    }

    /// <summary>A login was sent: its answer is the gate's to look at.</summary>
    private void LoggingIn(LogIn login)
    {
        Receive<LogIn>(OnLogIn);
        Receive<WelcomeEvent>(welcome => OnWelcome(welcome));
        Receive<ErrorEvent>(error => error.Ref is null, error => OnRefused(login, error));
        Downwards();
        Receive<ConnectionEnded>(ended => OnLoginConnectionEnded(ended));
        Upwards();
    }

    private void OnLogIn(LogIn login)
    {
        _connection.Tell(_credentials.LoginFor(login.Name));
        Become(() => LoggingIn(login));
    }

    private void OnWelcome(WelcomeEvent welcome)
    {
        _credentials.Welcomed(welcome);
        _session.Forward(welcome);
        Become(Passing);
    }

    private void OnLoginConnectionEnded(ConnectionEnded ended)
    {
        _session.Forward(ended);
        Become(Passing);
    }

    private void OnRefused(LogIn login, ErrorEvent error)
    {
        switch (LoginRefusal.Decide(error, login.Name, login.Relogin, _credentials, _canAsk))
        {
            case LoginRefusal.AskForPassword ask:
                _session.Tell(new LoginNotice(ask.Notice));
                _dialog.Tell(new CancelPasswordDialog("the login needs the password"));
                _session.Tell(new AskForSecret(ask.Prompt, Self));
                _session.Tell(new LoginWaiting(ConnectionState.AwaitingPassword, null));
                CloseThen(() => AwaitingPassword(login));
                break;
            case LoginRefusal.TryAgainLater later:
                Timers.StartSingleTimer(RetryTimerKey, RetryLogin.Instance, later.Delay);
                _session.Tell(new LoginNotice(later.Notice));
                _session.Tell(new LoginWaiting(ConnectionState.Reconnecting, _clock.GetUtcNow() + later.Delay));
                CloseThen(() => WaitingToRetry(login));
                break;
            case LoginRefusal.GiveUp giveUp:
                GiveUp(giveUp.ExitCode, giveUp.Message);
                break;
            default:
                _session.Forward(error); // name_taken, invalid_name: the session's name flow decides
                Become(Passing);
                break;
        }
    }

    /// <summary>Closes the refused connection; what comes before its end waits, then <paramref name="next"/> takes over.</summary>
    private void CloseThen(Action next)
    {
        _connection.Tell(CloseConnection.Instance);
        Become(() => Closing(next));
    }

    private void Closing(Action next)
    {
        Receive<ConnectionEnded>(_ => OnClosed(next));
        Receive<TypedSecret>(_ => Stash.Stash());
        Receive<RetryLogin>(_ => Stash.Stash());
        Offline();
    }

    private void OnClosed(Action next)
    {
        Become(next);
        Stash.UnstashAll();
    }

    /// <summary>No connection: the login waits for its password to be typed.</summary>
    private void AwaitingPassword(LogIn login)
    {
        Receive<TypedSecret>(typed => OnPassword(login, typed));
        Offline();
    }

    /// <summary>No connection: the login waits for <see cref="RetryLogin"/>.</summary>
    private void WaitingToRetry(LogIn login)
    {
        Receive<RetryLogin>(_ => Resume(login));
        Offline();
    }

    private void OnPassword(LogIn login, TypedSecret typed)
    {
        if (typed.IsEmpty)
        {
            GiveUp(ExitCodes.NotLoggedIn, "* no password typed; bye");
            return;
        }
        if (PasswordRules.Check(typed.Secret) is { } problem)
        {
            _session.Tell(new LoginNotice($"! {problem}; type it again, or an empty line to give up"));
            _session.Tell(new AskForSecret(LoginRefusal.PromptFor(login.Name), Self));
            return;
        }
        _credentials.Typed(typed.Secret);
        Resume(login);
    }

    /// <summary>A fresh connection, and the login on it with the password there is now.</summary>
    private void Resume(LogIn login)
    {
        _session.Tell(LoginResumed.Instance);
        _connection.Tell(OpenConnection.Instance);
        OnLogIn(login);
        Stash.UnstashAll();
    }

    private void GiveUp(int exitCode, string message)
    {
        _session.Tell(new StopAskingForSecret(Self));
        _credentials.Forget();
        _connection.Tell(CloseConnection.Instance);
        _session.Tell(new LoginGaveUp(exitCode, message));
        Become(Offline);
    }

    /// <summary>The dialog's register or passwd was answered ok: the password is kept for re-logins, and the session told.</summary>
    private void OnAccountPasswordSet(AccountPasswordSet set)
    {
        _credentials.AccountPassword(set.Password);
        _session.Tell(set with { });
    }

    /// <summary>From the session to the connection, and between the session and the dialog.</summary>
    private void Downwards()
    {
        Receive<ClientRequest>(request => _connection.Tell(request));
        Receive<OpenConnection>(open => _connection.Tell(open));
        Receive<CloseConnection>(close => _connection.Tell(close));
        Receive<DialogRequest>(request => _connection.Tell(request.Request));
        Dialog();
    }

    /// <summary>From the connection to the session; the answers to the dialog's requests go to the dialog.</summary>
    private void Upwards()
    {
        Receive<OkEvent>(ok => PasswordDialog.IsDialogRef(ok.Ref), ok => _dialog.Forward(ok));
        Receive<ErrorEvent>(error => PasswordDialog.IsDialogRef(error.Ref), error => _dialog.Forward(error));
        ReceiveAny(heard => _session.Forward(heard));
    }

    /// <summary>While there is no connection: requests have nowhere to go, and the closed connection's last frames are dropped.</summary>
    private void Offline()
    {
        Receive<ConnectionFault>(fault => _session.Forward(fault));
        Dialog();
        ReceiveAny(_ => { });
    }

    private void Dialog()
    {
        Receive<StartPasswordDialog>(start => _dialog.Tell(start));
        Receive<CancelPasswordDialog>(cancel => _dialog.Tell(cancel));
        Receive<DialogNotice>(notice => _session.Tell(notice));
        Receive<AskForSecret>(ask => _session.Tell(ask));
        Receive<StopAskingForSecret>(stop => _session.Tell(stop));
        Receive<AccountPasswordSet>(OnAccountPasswordSet);
    }
}
