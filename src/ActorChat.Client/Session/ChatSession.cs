using ActorChat.Client.Network;
using ActorChat.Client.Output;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using Akka.Actor;

namespace ActorChat.Client.Session;

/// <summary>
/// The console side of one chat session: takes typed lines and server events, in one
/// place so they never race, and routes them to the plain classes that decide.
/// </summary>
/// <remarks>
/// <see cref="SessionLogin"/> logs in, <see cref="SessionInput"/> takes what is typed, <see cref="QuitPlan"/>
/// decides when a quit goes, <see cref="ConversationEvents"/> and <see cref="Resync"/> take what the server
/// says, <see cref="Reconnection"/> what the end of a connection leads to; <see cref="SessionOutput"/> shows
/// and records. The child <see cref="LoginGate"/> holds the connection and the password. The actor sends
/// what they return (<see cref="SessionStep"/>), sets the timers, and is <see cref="Active"/>, then
/// <see cref="Quitting"/> once <c>quit</c> is sent. It finishes by completing <c>exitCode</c> with an
/// <see cref="ExitCodes"/> value.
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
    private readonly SessionLogin _login;
    private readonly SessionInput _input;
    private readonly ConversationEvents _events;
    private readonly Resync _resync;
    private readonly ConnectionLifecycle _link;
    private readonly QuitPlan _quit;
    private readonly Reconnection _reconnection;
    private IActorRef _connection = ActorRefs.Nobody;

    public ChatSession(SessionSettings settings, ISessionDisplay display, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder)
    {
        _settings = settings;
        _exitCode = exitCode;
        _clock = clock;
        _output = new SessionOutput(display, recorder, clock);
        _conversations = new ConversationState(clock: clock);
        _login = new SessionLogin(_state, _output, settings.Register);
        _events = new ConversationEvents(_state, _conversations, _catchUps, _output, settings.FetchMembers);
        _resync = new Resync(_state, _conversations, _catchUps, _events, _output);
        _link = new ConnectionLifecycle(new Backoff(settings.ReconnectInitialDelay, settings.ReconnectMaxDelay, settings.Random));
        var lines = new TypedLines(_state, _conversations, _events, _output, keepPending: settings.Reconnect);
        _quit = new QuitPlan(_link, _catchUps, _conversations, settings.Reconnect);
        _input = new SessionInput(_login, lines, _state, _link, _catchUps, _quit);
        _reconnection = new Reconnection(_link, _login, _catchUps, settings.Reconnect, settings.AllServers);
        Active();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SessionSettings settings, TextWriter output, TimeProvider clock, TaskCompletionSource<int> exitCode) =>
        Props(settings, new PlainDisplay(output), clock, exitCode, NullSessionRecorder.Instance);

    public static Props Props(SessionSettings settings, TextWriter output, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder) =>
        Props(settings, new PlainDisplay(output), clock, exitCode, recorder);

    public static Props Props(SessionSettings settings, ISessionDisplay display, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder) =>
        Akka.Actor.Props.Create(() => new ChatSession(settings, display, clock, exitCode, recorder));

    /// <summary>Until <c>quit</c> is sent: typed lines count, and a lost connection may come back.</summary>
    private void Active()
    {
        Receive<TypedLine>(OnTypedLine);
        Receive<InputEnded>(_ => OnInputEnded());
        Receive<WelcomeEvent>(welcome => OnWelcome(welcome, quitting: false));
        Receive<ConnectionEnded>(ended => OnConnectionEnded(ended, quitting: false));
        Always();
    }

    /// <summary><c>quit</c> was sent: typed lines are dropped, and the end of the connection is the end of the session.</summary>
    private void Quitting()
    {
        Receive<TypedLine>(_ => { });
        Receive<InputEnded>(_ => { });
        Receive<WelcomeEvent>(welcome => OnWelcome(welcome, quitting: true));
        Receive<ConnectionEnded>(ended => OnConnectionEnded(ended, quitting: true));
        Always();
    }

    private void Always()
    {
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
        Receive<UnreadableFrame>(_output.Unreadable);
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
        Do(_login.Start(_settings.InitialName));
    }

    private void OnTypedLine(TypedLine line) => Do(_input.Typed(line.Text));

    private void OnInputEnded() => Do(_input.Ended());

    private void OnWelcome(WelcomeEvent welcome, bool quitting)
    {
        if (_input.Welcomed(welcome) is not { } typedMeanwhile)
        {
            Resynced(_resync.LoggedInAgain(welcome));
            return;
        }
        _events.Event(null, welcome);
        var quitSent = quitting;
        foreach (var line in quitSent ? [] : typedMeanwhile)
        {
            quitSent = Do(_input.Chat(line));
            if (quitSent) break; // a quit among the lines typed meanwhile drops the lines after it
        }
        Do(quitSent ? SessionStep.Nothing : _input.QuitIfInputEnded());
    }

    private void OnError(ErrorEvent error)
    {
        if (error.Ref is { } reference) Resynced(_resync.Refused(reference));
        _events.Event(null, error);
        Do(_login.Refused(error));
    }

    private void OnChatMessage(ChatMessage message) => Publish(() => _events.Message(message));

    private void OnWho(WhoEvent who) => Publish(() => _events.Who(who));

    private void OnJoined(JoinedEvent joined) => Publish(() => Send(_events.Joined(joined)));

    private void OnLeft(LeftEvent left) => Publish(() => _events.Left(left));

    private void OnServerEvent(ServerEvent serverEvent) => _events.Event(null, serverEvent);

    private void OnHistory(HistoryEvent history) => Resynced(_resync.History(history));

    private void OnDirectHistory(DirectHistoryEvent history) => Resynced(_resync.DirectHistory(history));

    /// <summary>Sends what the resync asks for; once caught up, a quit that waited for the pending lines goes after them.</summary>
    private void Resynced(ResyncStep step) => Do(_quit.Resynced(step));

    private void OnLoginWaiting(LoginWaiting waiting) => Publish(() => _reconnection.LoginWaiting(waiting, _clock.GetUtcNow()));

    private void OnLoginResumed() => Publish(_reconnection.LoginResumed);

    /// <summary>The dialog's register or passwd was answered ok (the gate keeps the password): the name is an account.</summary>
    private void OnAccountPasswordSet(AccountPasswordSet set) => _state.Registered();

    private void OnLoginGaveUp(LoginGaveUp gaveUp) => End(SessionEnding.GaveUp(gaveUp, _conversations.Pending.Count));

    private void OnQuitTimedOut()
    {
        _connection.Tell(CloseConnection.Instance);
        End(SessionEnding.QuitUnanswered(_settings.QuitTimeout));
    }

    private void OnConnectionEnded(ConnectionEnded ended, bool quitting) =>
        Do(_reconnection.Ended(ended, _state.IsLoggedIn, quitting, _clock.GetUtcNow()));

    private void OnReconnectNow() => Do(_reconnection.Now());

    /// <summary>Does what a plain part asked, in order, then shows the status; true when <c>quit</c> was sent (then <see cref="Quitting"/>).</summary>
    private bool Do(SessionStep step)
    {
        Tell(step.ToGate);
        if (step.End is { } ending)
        {
            End(ending);
            return false;
        }
        // The timer first: whoever reads the line may count on it (a test on a virtual clock does).
        if (step.ReconnectIn is { } delay) Timers.StartSingleTimer(ReconnectTimerKey, ReconnectNow.Instance, delay);
        if (step.ErrorLine is { } line) _output.ShowError(line);
        if (step.SendsQuit)
        {
            Timers.StartSingleTimer(QuitTimerKey, QuitTimedOut.Instance, _settings.QuitTimeout);
            Become(Quitting);
        }
        PublishStatus();
        return step.SendsQuit;
    }

    /// <summary>Lines unanswered for <see cref="SessionSettings.ResendAfter"/> on a working connection go again (<see cref="ConversationState.DueForResend"/>).</summary>
    private void ResendOverdue() =>
        Tell(_link.Link(_catchUps.InProgress) == LinkState.Ready ? _conversations.DueForResend(_settings.ResendAfter) : []);

    private void Tell(IEnumerable<object> messages)
    {
        foreach (var message in messages) _connection.Tell(message);
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

    private void End(SessionEnding ending)
    {
        if (ending.ErrorLine is { } line) _output.RecordError(line);
        _link.Ended();
        PublishStatus();
        _output.Show(ending.Message);
        _exitCode.TrySetResult(ending.ExitCode);
        Context.Stop(Self);
    }
}
