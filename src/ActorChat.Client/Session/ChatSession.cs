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
/// place so they never race, and decides what to send and what to print.
/// </summary>
/// <remarks>
/// The work is done by plain classes (<see cref="CommandParser"/>, <see cref="EventFormatter"/>,
/// <see cref="ClientState"/>); this actor only sequences them. Its one real decision is
/// the login dance: until <c>welcome</c>, typed lines are names to try, and lines typed
/// while a login is in flight wait, so a script that pipes a name and then chat lines
/// works even if the first name is refused.
/// It finishes by completing <c>exitCode</c> with an <see cref="ExitCodes"/> value.
/// Lines shown for chat events also go to the <see cref="ISessionRecorder"/> (the history
/// file), and errors to its error log; local output (prompts, /help, usage errors) does not.
/// </remarks>
public sealed class ChatSession : ReceiveActor, IWithTimers
{
    private const string QuitTimerKey = "quit-timeout";

    private readonly SessionSettings _settings;
    private readonly TextWriter _output;
    private readonly TaskCompletionSource<int> _exitCode;
    private readonly ISessionRecorder _recorder;
    private readonly CommandParser _parser = new();
    private readonly EventFormatter _formatter;
    private readonly ClientState _state = new();
    private readonly Queue<string> _linesDuringLogin = new();

    private IActorRef _connection = ActorRefs.Nobody;
    private bool _loginInFlight;
    private bool _inputEnded;
    private bool _quitting;
    private long _joinCount;

    public ChatSession(SessionSettings settings, TextWriter output, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder)
    {
        _settings = settings;
        _output = output;
        _exitCode = exitCode;
        _recorder = recorder;
        _formatter = new EventFormatter(clock);

        Receive<TypedLine>(OnTypedLine);
        Receive<InputEnded>(_ => OnInputEnded());
        Receive<WelcomeEvent>(OnWelcome);
        Receive<ErrorEvent>(OnError);
        Receive<ServerEvent>(OnServerEvent);
        Receive<ConnectionEstablished>(_ => { });
        Receive<UnreadableFrame>(OnUnreadableFrame);
        Receive<ConnectionEnded>(OnConnectionEnded);
        Receive<QuitTimedOut>(_ => OnQuitTimedOut());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SessionSettings settings, TextWriter output, TimeProvider clock, TaskCompletionSource<int> exitCode) =>
        Props(settings, output, clock, exitCode, NullSessionRecorder.Instance);

    public static Props Props(SessionSettings settings, TextWriter output, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder) =>
        Akka.Actor.Props.Create(() => new ChatSession(settings, output, clock, exitCode, recorder));

    /// <summary>Any exception of the connection actor goes to the error log, then Akka's usual decision.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(exception =>
        {
            _recorder.Error($"unexpected exception in the connection: {exception}");
            return Akka.Actor.SupervisorStrategy.DefaultDecider.Decide(exception);
        });

    protected override void PreRestart(Exception reason, object message)
    {
        _recorder.Error($"unexpected exception in the session (handling {message?.GetType().Name}): {reason}");
        base.PreRestart(reason, message);
    }

    protected override void PreStart()
    {
        _connection = Context.ActorOf(ChatConnection.Props(_settings.Server, Self, _settings.PingInterval), "connection");
        if (_settings.InitialName is { } name) TryLogin(name);
        else PromptForName();
    }

    private void OnTypedLine(TypedLine line)
    {
        if (_quitting) return;
        if (_state.IsLoggedIn) Handle(line.Text);
        else if (_loginInFlight) _linesDuringLogin.Enqueue(line.Text);
        else TryLogin(line.Text);
    }

    private void OnInputEnded()
    {
        _inputEnded = true;
        if (_state.IsLoggedIn) BeginQuit();
        else if (!_loginInFlight) Finish(ExitCodes.NotLoggedIn, "* no name given; bye");
        // else: the login's answer decides (OnWelcome quits, OnError gives up).
    }

    private void Handle(string line)
    {
        switch (_parser.Parse(line, _state.CurrentRoom))
        {
            case SendToServer { Request: QuitRequest }:
                BeginQuit();
                break;
            case SendToServer { Request: JoinRequest join }:
                // An id lets the state match a refusal to this join.
                var id = RequestRef.Of("join-" + ++_joinCount);
                _state.JoinSent(join.Room, id);
                _connection.Tell(join with { Id = id });
                break;
            case SendToServer send:
                _connection.Tell(send.Request);
                break;
            case ShowLocally show:
                Print(show.Text);
                break;
            case UsageError error:
                Print("! " + error.Message);
                break;
        }
    }

    private void TryLogin(string typedName)
    {
        var name = typedName.Trim();
        if (!NameRules.IsValid(name))
        {
            Print($"! \"{TerminalText.EscapeSingleLine(name)}\" is not a valid name ({NameRules.Description})");
            AskAgainOrGiveUp();
            return;
        }
        _loginInFlight = true;
        _connection.Tell(new LoginRequest(name));
    }

    private void OnWelcome(WelcomeEvent welcome)
    {
        _loginInFlight = false;
        _recorder.LoggedIn(welcome.Name);
        OnServerEvent(welcome);
        while (_linesDuringLogin.TryDequeue(out var line) && !_quitting) Handle(line);
        if (_inputEnded) BeginQuit();
    }

    private void OnError(ErrorEvent error)
    {
        OnServerEvent(error);
        if (!_loginInFlight || error.Code is not (ErrorCodes.InvalidName or ErrorCodes.NameTaken)) return;
        _loginInFlight = false;
        AskAgainOrGiveUp();
    }

    /// <summary>After a refused name: the next waiting line is the next name to try.</summary>
    private void AskAgainOrGiveUp()
    {
        if (_linesDuringLogin.TryDequeue(out var next)) TryLogin(next);
        else if (_inputEnded) Finish(ExitCodes.NotLoggedIn, "* no usable name given; bye");
        else PromptForName();
    }

    private void OnServerEvent(ServerEvent serverEvent)
    {
        _state.Apply(serverEvent);
        foreach (var line in _formatter.Format(serverEvent))
        {
            Show(line);
            if (serverEvent is ErrorEvent) _recorder.Error(line);
        }
    }

    private void OnUnreadableFrame(UnreadableFrame frame)
    {
        var line = $"! unreadable frame from the server ({TerminalText.EscapeSingleLine(frame.Error.Code)}): {TerminalText.EscapeSingleLine(frame.Error.Message)}";
        Show(line);
        _recorder.Error(line);
    }

    private void BeginQuit()
    {
        if (_quitting) return;
        _quitting = true;
        _connection.Tell(new QuitRequest());
        Timers.StartSingleTimer(QuitTimerKey, QuitTimedOut.Instance, _settings.QuitTimeout);
    }

    private void OnQuitTimedOut()
    {
        _connection.Tell(CloseConnection.Instance);
        var message = $"! the server did not answer quit within {_settings.QuitTimeout.TotalSeconds:0.#} s";
        _recorder.Error(message);
        Finish(ExitCodes.ConnectionLost, message);
    }

    private void OnConnectionEnded(ConnectionEnded ended)
    {
        var why = ended.ByeReason is { } reason ? $"{ended.Detail} (bye: {TerminalText.EscapeSingleLine(reason)})" : ended.Detail;
        var exitCode = ended.Kind switch
        {
            ConnectionEndKind.ConnectFailed => ExitCodes.ConnectFailed,
            // A close after our quit is the normal end, bye or not.
            ConnectionEndKind.ClosedByServer or ConnectionEndKind.ClosedByClient when _quitting => ExitCodes.Normal,
            _ => ExitCodes.ConnectionLost,
        };
        var prefix = exitCode == ExitCodes.Normal ? "* " : "! ";
        var message = ended.Kind == ConnectionEndKind.ConnectFailed
            ? $"! cannot connect to {_settings.Server}: {why}"
            : prefix + why;
        if (exitCode != ExitCodes.Normal) _recorder.Error(message);
        Finish(exitCode, message);
    }

    private void PromptForName() => Print($"? your name ({NameRules.Description}):");

    private void Finish(int exitCode, string message)
    {
        Show(message);
        _exitCode.TrySetResult(exitCode);
        Context.Stop(Self);
    }

    /// <summary>Prints a line about the chat and records it in the history.</summary>
    private void Show(string text)
    {
        Print(text);
        _recorder.Shown(text);
    }

    /// <summary>Prints a local line (prompt, help, usage error): not part of the history.</summary>
    private void Print(string text) => _output.WriteLine(text);

    private sealed class QuitTimedOut
    {
        public static readonly QuitTimedOut Instance = new();
    }
}
