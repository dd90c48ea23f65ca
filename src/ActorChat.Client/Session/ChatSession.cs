using ActorChat.Client.Input;
using ActorChat.Client.Network;
using ActorChat.Client.Output;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using Akka.Actor;

namespace ActorChat.Client.Session;

/// <summary>
/// The console side of one chat session: takes typed lines and server events, in one
/// place so they never race, and routes them to the plain classes that decide.
/// </summary>
/// <remarks>
/// <see cref="LoginFlow"/> decides what a line means before login, <see cref="TypedLines"/>
/// after; <see cref="ConversationEvents"/> applies and shows what the server says;
/// <see cref="Resync"/> gets back in step after a reconnect; <see cref="ConnectionLifecycle"/>
/// tracks the connection and <see cref="SessionOutput"/> shows and records. The child
/// <see cref="SessionConnection"/> holds the connection itself. The actor only sequences
/// them: with <see cref="SessionSettings.Reconnect"/> it opens a new connection after a
/// <see cref="Backoff"/> delay and logs in with the same name. It finishes by completing
/// <c>exitCode</c> with an <see cref="ExitCodes"/> value.
/// </remarks>
public sealed class ChatSession : ReceiveActor, IWithTimers
{
    private const string QuitTimerKey = "quit-timeout";
    private const string ReconnectTimerKey = "reconnect";
    private const string CheckPendingTimerKey = "check-pending";

    private readonly SessionSettings _settings;
    private readonly TaskCompletionSource<int> _exitCode;
    private readonly TimeProvider _clock;
    private readonly SessionOutput _output;
    private readonly ClientState _state = new();
    private readonly ConversationState _conversations;
    private readonly CatchUpTracker _catchUps = new();
    private readonly LoginFlow _login = new();

    /// <summary>Other servers not yet tried while the first connection is being made.</summary>
    private int _serversUntried;
    private readonly ConversationEvents _events;
    private readonly TypedLines _lines;
    private readonly Resync _resync;
    private readonly ConnectionLifecycle _link;

    private IActorRef _connection = ActorRefs.Nobody;
    private bool _quitting;
    private bool _quitWhenSent;

    public ChatSession(SessionSettings settings, ISessionDisplay display, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder)
    {
        _settings = settings;
        _serversUntried = settings.OtherServers.Count;
        _exitCode = exitCode;
        _clock = clock;
        _output = new SessionOutput(display, recorder, clock);
        _conversations = new ConversationState(clock: clock);
        _events = new ConversationEvents(_state, _conversations, _catchUps, _output, settings.FetchMembers);
        _lines = new TypedLines(_state, _conversations, _events, _output, keepPending: settings.Reconnect);
        _resync = new Resync(_state, _conversations, _catchUps, _events, _output);
        _link = new ConnectionLifecycle(new Backoff(settings.ReconnectInitialDelay, settings.ReconnectMaxDelay, settings.Random));
        Receives();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private void Receives()
    {
        Receive<TypedLine>(OnTypedLine);
        Receive<InputEnded>(_ => OnInputEnded());
        Receive<WelcomeEvent>(OnWelcome);
        Receive<ErrorEvent>(OnError);
        Receive<OkEvent>(_ => { });
        Receive<ChatMessage>(OnChatMessage);
        Receive<HistoryEvent>(OnHistory);
        Receive<DirectHistoryEvent>(OnDirectHistory);
        Receive<WhoEvent>(OnWho);
        Receive<JoinedEvent>(OnJoined);
        Receive<LeftEvent>(OnLeft);
        Receive<ServerEvent>(OnServerEvent);
        Receive<ConnectionEstablished>(_ => { });
        Receive<UnreadableFrame>(OnUnreadableFrame);
        Receive<ConnectionEnded>(OnConnectionEnded);
        Receive<QuitTimedOut>(_ => OnQuitTimedOut());
        Receive<ReconnectNow>(_ => OnReconnectNow());
        Receive<CheckPending>(_ => ResendOverdue());
        Receive<ConnectionFault>(fault => _output.RecordError($"unexpected exception in the connection: {fault.Exception}"));
        Receive<LoginNotice>(notice => _output.Notice(notice.Line));
        Receive<LoginWaiting>(OnLoginWaiting);
        Receive<LoginResumed>(_ => OnLoginResumed());
        Receive<LoginGaveUp>(OnLoginGaveUp);
        Receive<DialogNotice>(notice => _output.Local(notice.Line, notice.IsError));
        Receive<AskForSecret>(ask => _settings.SecretInput.Ask(ask.Prompt, ask.Asker));
        Receive<StopAskingForSecret>(stop => _settings.SecretInput.Cancel(stop.Asker));
        Receive<AccountPasswordSet>(OnAccountPasswordSet);
    }

    public static Props Props(SessionSettings settings, TextWriter output, TimeProvider clock, TaskCompletionSource<int> exitCode) =>
        Props(settings, new PlainDisplay(output), clock, exitCode, NullSessionRecorder.Instance);

    public static Props Props(SessionSettings settings, TextWriter output, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder) =>
        Props(settings, new PlainDisplay(output), clock, exitCode, recorder);

    public static Props Props(SessionSettings settings, ISessionDisplay display, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder) =>
        Akka.Actor.Props.Create(() => new ChatSession(settings, display, clock, exitCode, recorder));

    protected override void PreRestart(Exception reason, object message)
    {
        _output.RecordError($"unexpected exception in the session (handling {message?.GetType().Name}): {reason}");
        base.PreRestart(reason, message);
    }

    protected override void PreStart()
    {
        if (_settings.Reconnect && _settings.ResendAfter > TimeSpan.Zero)
            Timers.StartPeriodicTimer(CheckPendingTimerKey, CheckPending.Instance, _settings.ResendAfter / 2);
        _connection = Context.ActorOf(LoginGate.Props(_settings, Self, _clock), "link");
        if (_settings.InitialName is { } name) Login(_login.TryName(name));
        else PromptForName();
        PublishStatus();
    }

    private void OnTypedLine(TypedLine line)
    {
        if (_quitting) return;
        switch (_login.Route(line.Text, _state.IsLoggedIn))
        {
            case TypedLineRoute.Chat: Handle(line.Text); break;
            case TypedLineRoute.TryAsName: Login(_login.TryName(line.Text)); break;
        }
        PublishStatus();
    }

    private void Handle(string line)
    {
        var handled = _lines.Handle(line, _link.Link(_catchUps.InProgress));
        Send(handled.ToSend);
        if (handled.StartDialog is { } dialog) StartDialog(dialog);
        if (handled.Quit) BeginQuit();
    }

    private void OnInputEnded()
    {
        if (_login.EndInput(_state.IsLoggedIn)) Finish(ExitCodes.NotLoggedIn, "* no name given; bye");
        else if (_state.IsLoggedIn) BeginQuit();
        // else: the login's answer decides (OnWelcome quits, OnError gives up).
    }

    /// <summary>Sends the login the flow chose, or asks for a name, or gives up.</summary>
    private void Login(LoginAttempt attempt)
    {
        foreach (var problem in attempt.Problems) _output.Print(problem);
        if (attempt.Name is { } name) _connection.Tell(new LogIn(name));
        else if (attempt.GiveUp is { } message) Finish(ExitCodes.NotLoggedIn, message);
        else PromptForName();
    }

    private void OnWelcome(WelcomeEvent welcome)
    {
        _link.LoggedIn();
        if (_login.ReloginInFlight)
        {
            _login.ReloginAnswered();
            Resynced(_resync.LoggedInAgain(welcome));
            return;
        }
        _output.LoggedIn(welcome.Name);
        _events.Event(null, welcome);
        foreach (var line in _login.LoggedIn().TakeWhile(_ => !_quitting)) Handle(line);
        if (_login.InputEnded) BeginQuit();
        PublishStatus();
    }

    private void OnError(ErrorEvent error)
    {
        if (error.Ref is { } reference)
        {
            _conversations.Acknowledge(reference);
            Resynced(_resync.Refused(reference));
        }
        _events.Event(null, error);
        if (_login.ReloginInFlight)
        {
            // Most likely name_taken: the server has not yet noticed our old connection died.
            // Close this one; the usual backoff tries again.
            _connection.Tell(CloseConnection.Instance);
            return;
        }
        if (_login.InFlight && error.Code is ErrorCodes.InvalidName or ErrorCodes.NameTaken)
        {
            if (_settings.Register && error.Code == ErrorCodes.NameTaken)
                _output.Print("* --register needs a name nobody holds or has registered; to log in to your own account, leave --register out");
            Login(_login.Refused());
        }
    }

    /// <summary>The name being logged in with: the confirmed one after a welcome, else the one in flight.</summary>
    private string LoginName => _state.Name ?? _login.InFlightName ?? "";

    private void LoggedInElsewhere()
    {
        var ending = SessionEnding.LoggedInElsewhere(LoginName);
        _output.RecordError(ending.Message);
        Finish(ending.ExitCode, ending.Message);
    }

    private void StartDialog(AccountCommandKind kind)
    {
        if (PasswordDialogWords.NotNow(kind, _state.IsAccount, _state.Name!) is { } refusal) _output.Print(refusal);
        else _connection.Tell(new StartPasswordDialog(kind, _state.Name!));
    }

    /// <summary>The dialog's register or passwd was answered ok (the gate keeps the password): the name is an account.</summary>
    private void OnAccountPasswordSet(AccountPasswordSet set) => _state.Registered();

    private void OnLoginWaiting(LoginWaiting waiting)
    {
        if (waiting.State == ConnectionState.AwaitingPassword) _link.AwaitingPassword();
        else _link.RetryingAt(waiting.RetryAt ?? _clock.GetUtcNow());
        _login.ReloginAnswered();
        PublishStatus();
    }

    private void OnLoginResumed()
    {
        _link.Attempting();
        if (_state.IsLoggedIn) _login.ReloginSent();
        PublishStatus();
    }

    private void OnLoginGaveUp(LoginGaveUp gaveUp)
    {
        if (gaveUp.ExitCode != ExitCodes.NotLoggedIn) _output.RecordError(gaveUp.Message);
        var unsent = _conversations.Pending.Count;
        Finish(gaveUp.ExitCode, unsent == 0 ? gaveUp.Message : $"{gaveUp.Message} ({unsent} unsent line(s) dropped)");
    }

    private void OnChatMessage(ChatMessage message) => Publish(() => _events.Message(message));

    private void OnWho(WhoEvent who) => Publish(() => _events.Who(who));

    private void OnJoined(JoinedEvent joined) => Publish(() => Send(_events.Joined(joined)));

    private void OnLeft(LeftEvent left) => Publish(() => _events.Left(left));

    private void OnServerEvent(ServerEvent serverEvent) => _events.Event(null, serverEvent);

    private void OnUnreadableFrame(UnreadableFrame frame) =>
        _output.ShowError($"! unreadable frame from the server ({TerminalText.EscapeSingleLine(frame.Error.Code)}): {TerminalText.EscapeSingleLine(frame.Error.Message)}");

    private void OnHistory(HistoryEvent history) => Resynced(_resync.History(history));

    private void OnDirectHistory(DirectHistoryEvent history) => Resynced(_resync.DirectHistory(history));

    /// <summary>Sends what the resync asks for; once caught up, a quit that waited for the pending lines goes ahead.</summary>
    private void Resynced(ResyncStep step)
    {
        foreach (var request in step.ToSend) Send(request);
        if (step.CaughtUp && _quitWhenSent) BeginQuit();
        PublishStatus();
    }

    private void BeginQuit()
    {
        if (_quitting) return;
        switch (_link.Quit(_settings.Reconnect, _catchUps.InProgress, _conversations.Pending.Count))
        {
            case QuitStep.ByeNow: Finish(ExitCodes.Normal, "* bye"); return;
            case QuitStep.AfterPending: _quitWhenSent = true; return;
        }
        _quitting = true;
        Send(new QuitRequest());
        Timers.StartSingleTimer(QuitTimerKey, QuitTimedOut.Instance, _settings.QuitTimeout);
    }

    private void OnQuitTimedOut()
    {
        _connection.Tell(CloseConnection.Instance);
        var message = $"! the server did not answer quit within {_settings.QuitTimeout.TotalSeconds:0.#} s";
        _output.RecordError(message);
        Finish(ExitCodes.ConnectionLost, message);
    }

    private void OnConnectionEnded(ConnectionEnded ended)
    {
        if (ended.ByeReason == ByeReasons.Replaced)
        {
            LoggedInElsewhere();
            return;
        }
        var refusedEverywhere = _link.RefusedByEveryServer(ended.Kind, _settings.AllServers.Count);
        if (_settings.Reconnect && _state.IsLoggedIn && !_quitting && !refusedEverywhere)
        {
            ScheduleReconnect(SessionEnding.Why(ended));
            return;
        }
        if ((ended.Kind is ConnectionEndKind.ConnectFailed or ConnectionEndKind.CertificateRejected) && !_state.IsLoggedIn && !_quitting && _serversUntried > 0)
        {
            TryNextServer(SessionEnding.Why(ended));
            return;
        }
        var ending = SessionEnding.After(ended, _quitting, string.Join(", ", _settings.AllServers));
        if (ending.IsError) _output.RecordError(ending.Message);
        Finish(ending.ExitCode, ending.Message);
    }

    /// <summary>At start, a server that cannot be reached: the next one is tried at once (the login goes with it).</summary>
    private void TryNextServer(string why)
    {
        _serversUntried--;
        _output.ShowError($"! cannot connect: {why}; trying the next server");
        _connection.Tell(OpenConnection.Instance);
        if (_login.InFlightName is { } name) _connection.Tell(new LogIn(name));
    }

    private void ScheduleReconnect(string why)
    {
        _connection.Tell(new CancelPasswordDialog("the connection was lost"));
        _catchUps.Reset();
        _login.ReloginAnswered();
        var delay = _link.Lost(_clock.GetUtcNow());
        // The timer first: whoever reads the line may count on it (a test on a virtual clock does).
        Timers.StartSingleTimer(ReconnectTimerKey, ReconnectNow.Instance, delay);
        _output.ShowError($"! {why}; reconnecting in {delay.TotalSeconds:0.#} s");
        PublishStatus();
    }

    private void OnReconnectNow()
    {
        _link.Attempting();
        _connection.Tell(OpenConnection.Instance);
        _login.ReloginSent();
        _connection.Tell(new LogIn(_state.Name!, Relogin: true));
        PublishStatus();
    }

    /// <summary>
    /// Lines unanswered for <see cref="SessionSettings.ResendAfter"/> on a working connection go again
    /// with their ids: the server answers a re-send once it is stored, and stores it once.
    /// </summary>
    private void ResendOverdue()
    {
        if (_link.Link(_catchUps.InProgress) != LinkState.Ready) return;
        foreach (var request in _conversations.DueForResend(_settings.ResendAfter)) Send(request);
    }

    private void Send(ClientRequest? request)
    {
        if (request is not null) _connection.Tell(request);
    }

    /// <summary>Handles an event, then shows the status it leaves.</summary>
    private void Publish(Action handle)
    {
        handle();
        PublishStatus();
    }

    private void PublishStatus() => _output.Status(SessionStatus.Of(_link.State, _link.ReconnectAt, _state, _conversations));

    private void PromptForName() => _output.Print($"? your name ({NameRules.Description}):");

    private void Finish(int exitCode, string message)
    {
        _link.Ended();
        PublishStatus();
        _output.Show(message);
        _exitCode.TrySetResult(exitCode);
        Context.Stop(Self);
    }
}
