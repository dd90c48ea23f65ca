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
/// With <see cref="SessionSettings.Reconnect"/> it also survives a lost connection: it
/// reconnects after a <see cref="Backoff"/> delay, logs in with the same name, rejoins its
/// rooms, fetches what each missed (<see cref="RoomCatchUp"/>) and only then sends the lines
/// typed meanwhile; <see cref="ConversationState"/> drops duplicates and tracks pending lines.
/// It finishes by completing <c>exitCode</c> with an <see cref="ExitCodes"/> value.
/// Lines shown for chat events also go to the <see cref="ISessionRecorder"/> (the history
/// file), and errors to its error log; local output (prompts, /help, usage errors) does not.
/// </remarks>
public sealed class ChatSession : ReceiveActor, IWithTimers
{
    private const string QuitTimerKey = "quit-timeout";
    private const string ReconnectTimerKey = "reconnect";
    private const string RejoinPrefix = "rejoin-";
    private const string CatchUpPrefix = "catchup-";
    private const string MembersPrefix = "members-";

    private readonly SessionSettings _settings;
    private readonly ISessionDisplay _display;
    private readonly TaskCompletionSource<int> _exitCode;
    private readonly ISessionRecorder _recorder;
    private readonly TimeProvider _clock;
    private readonly CommandParser _parser = new();
    private readonly EventFormatter _formatter;
    private readonly ClientState _state = new();
    private readonly ConversationState _conversations = new();
    private readonly Backoff _backoff;
    private readonly Queue<string> _linesDuringLogin = new();
    private readonly Dictionary<string, RoomCatchUp> _catchUps = new(StringComparer.Ordinal);

    private IActorRef _connection = ActorRefs.Nobody;
    private ConnectionState _connectionState = ConnectionState.Connecting;
    private DateTimeOffset? _reconnectAt;
    private string? _lastSyncedRoom;
    private bool _loginInFlight;
    private bool _reloginInFlight;
    private bool _awaitingLobbyHistory;
    private bool _dropLobbyHistory;
    private bool _inputEnded;
    private bool _quitting;
    private bool _quitWhenSent;
    private long _requestCount;
    private int _connectionCount;

    public ChatSession(SessionSettings settings, ISessionDisplay display, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder)
    {
        _settings = settings;
        _display = display;
        _exitCode = exitCode;
        _recorder = recorder;
        _clock = clock;
        _formatter = new EventFormatter(clock);
        _backoff = new Backoff(settings.ReconnectInitialDelay, settings.ReconnectMaxDelay, settings.Random);

        Receive<TypedLine>(OnTypedLine);
        Receive<InputEnded>(_ => OnInputEnded());
        Receive<WelcomeEvent>(OnWelcome);
        Receive<ErrorEvent>(OnError);
        Receive<ChatMessage>(OnChatMessage);
        Receive<HistoryEvent>(OnHistory);
        Receive<WhoEvent>(OnWho);
        Receive<JoinedEvent>(OnJoined);
        Receive<LeftEvent>(OnLeft);
        Receive<ServerEvent>(OnServerEvent);
        Receive<ConnectionEstablished>(_ => { });
        Receive<UnreadableFrame>(OnUnreadableFrame);
        Receive<ConnectionEnded>(OnConnectionEnded);
        Receive<QuitTimedOut>(_ => OnQuitTimedOut());
        Receive<ReconnectNow>(_ => OnReconnectNow());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private bool IsOnline => _connectionState == ConnectionState.Connected;

    public static Props Props(SessionSettings settings, TextWriter output, TimeProvider clock, TaskCompletionSource<int> exitCode) =>
        Props(settings, new PlainDisplay(output), clock, exitCode, NullSessionRecorder.Instance);

    public static Props Props(SessionSettings settings, TextWriter output, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder) =>
        Props(settings, new PlainDisplay(output), clock, exitCode, recorder);

    public static Props Props(SessionSettings settings, ISessionDisplay display, TimeProvider clock, TaskCompletionSource<int> exitCode, ISessionRecorder recorder) =>
        Akka.Actor.Props.Create(() => new ChatSession(settings, display, clock, exitCode, recorder));

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
        Connect();
        if (_settings.InitialName is { } name) TryLogin(name);
        else PromptForName();
        PublishStatus();
    }

    private void Connect()
    {
        // A fresh name per connection: the old actor may still be stopping.
        _connection = Context.ActorOf(
            ChatConnection.Props(_settings.Server, Self, _settings.PingInterval, pongTimeout: _settings.PongTimeout),
            _connectionCount++ == 0 ? "connection" : "connection-" + _connectionCount);
    }

    private void OnTypedLine(TypedLine line)
    {
        if (_quitting) return;
        if (_state.IsLoggedIn) Handle(line.Text);
        else if (_loginInFlight) _linesDuringLogin.Enqueue(line.Text);
        else TryLogin(line.Text);
        PublishStatus();
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
            case SendToServer { Request: JoinRequest join } when IsOnline:
                // An id lets the state match a refusal to this join.
                var id = RequestRef.Of("join-" + ++_requestCount);
                _state.JoinSent(join.Room, id);
                SyncFrontWithCurrentRoom();
                _connection.Tell(join with { Id = id });
                break;
            case SendToServer { Request: SayRequest say } when _conversations.Current is { IsDirect: true } direct:
                // In a direct conversation, a plain line is a private message to that person.
                SendChat(new DmRequest(direct.Name, say.Text));
                break;
            case SendToServer { Request: SayRequest or DmRequest } chat:
                SendChat(chat.Request);
                break;
            case SendToServer send when IsOnline:
                _connection.Tell(send.Request);
                break;
            case SendToServer:
                Print("! not connected; only chat lines are kept until the connection is back");
                break;
            case SwitchConversation change:
                SwitchTo(change.Name);
                break;
            case ShowLocally show:
                Print(show.Text);
                break;
            case UsageError error:
                Print("! " + error.Message);
                break;
        }
    }

    /// <summary>A say or dm: tracked by id until the server's copy arrives, and held while offline.</summary>
    private void SendChat(ClientRequest request)
    {
        if (!_settings.Reconnect)
        {
            _connection.Tell(request);
            return;
        }
        var pending = _conversations.AddPending(request);
        var canSend = IsOnline && _catchUps.Count == 0;
        _display.Pending(pending, canSend ? [] : [$"* not connected; will send when reconnected: {TerminalText.EscapeSingleLine(pending.Text)}"]);
        if (!canSend) return;
        pending.Sent = true;
        _connection.Tell(pending.Request);
    }

    private void SwitchTo(string name)
    {
        var conversation = _conversations.FindByName(name);
        if (conversation is null && _state.IsIn(name)) conversation = _conversations.Room(name);
        if (conversation is null)
        {
            // Switching to someone we never talked to opens a direct conversation.
            conversation = _conversations.Direct(name);
        }
        if (!conversation.IsDirect) _state.SwitchTo(conversation.Name);
        _conversations.SwitchTo(conversation.Key);
        _lastSyncedRoom = _state.CurrentRoom;
        Print($"* now talking in {(conversation.IsDirect ? "a direct conversation with " : "")}{TerminalText.EscapeSingleLine(conversation.Name)}");
    }

    /// <summary>When the room that plain lines go to changed (join, leave), bring it to the front.</summary>
    private void SyncFrontWithCurrentRoom()
    {
        if (_state.CurrentRoom == _lastSyncedRoom) return;
        _lastSyncedRoom = _state.CurrentRoom;
        if (_state.CurrentRoom is { } room) _conversations.SwitchTo(_conversations.Room(room).Key);
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
        _connectionState = ConnectionState.Connected;
        _reconnectAt = null;
        _backoff.Reset();
        if (_reloginInFlight)
        {
            OnRelogin(welcome);
            return;
        }
        _loginInFlight = false;
        _recorder.LoggedIn(welcome.Name);
        ShowEvent(null, welcome);
        while (_linesDuringLogin.TryDequeue(out var line) && !_quitting) Handle(line);
        if (_inputEnded) BeginQuit();
        PublishStatus();
    }

    /// <summary>Logged in again after a lost connection: rejoin every room and fetch what each missed.</summary>
    private void OnRelogin(WelcomeEvent welcome)
    {
        _reloginInFlight = false;
        _state.Apply(welcome);
        Show($"* reconnected as {TerminalText.EscapeSingleLine(welcome.Name)}");
        var rooms = _state.JoinedRooms.ToList();
        foreach (var room in rooms)
        {
            var conversation = _conversations.Room(room);
            var catchUp = new RoomCatchUp(room, conversation.LastSeenId);
            _catchUps[conversation.Key] = catchUp;
            if (NameRules.Key(room) == NameRules.Key(ProtocolInfo.Lobby))
            {
                _awaitingLobbyHistory = true;
                continue;
            }
            catchUp.AwaitingRef = RequestRef.Of(RejoinPrefix + ++_requestCount);
            _connection.Tell(new JoinRequest(room) { Id = catchUp.AwaitingRef });
        }
        if (!_state.IsIn(ProtocolInfo.Lobby))
        {
            // The server puts everyone in the lobby; the user had left it, so leave it again, quietly.
            _dropLobbyHistory = true;
            _connection.Tell(new LeaveRequest(ProtocolInfo.Lobby) { Id = RejoinPrefix + ++_requestCount });
        }
        if (_catchUps.Count == 0) OnCaughtUp();
        PublishStatus();
    }

    private void OnError(ErrorEvent error)
    {
        if (error.Ref is { } reference)
        {
            _conversations.Acknowledge(reference);
            if (IsCatchUpRef(reference)) AbandonCatchUpOf(reference);
        }
        if (_reloginInFlight)
        {
            // Most likely name_taken: the server has not yet noticed our old connection died.
            // Close this one; the usual backoff tries again.
            ShowEvent(null, error);
            _connection.Tell(CloseConnection.Instance);
            return;
        }
        ShowEvent(null, error);
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

    private void OnChatMessage(ChatMessage message)
    {
        // A live message of a room still catching up is newer than anything the catch-up
        // will bring, so it waits there to keep the room's order.
        if (!message.IsDirect && _catchUps.TryGetValue(ConversationState.RoomKey(message.Room!), out var catchUp))
        {
            if (message.Ref is { } reference) _conversations.Acknowledge(reference);
            catchUp.Hold(message);
            return;
        }
        ShowMessage(message);
        PublishStatus();
    }

    private void ShowMessage(ChatMessage message)
    {
        var myName = _state.Name ?? string.Empty;
        var own = NameRules.Key(message.From) == NameRules.Key(myName);
        var conversation = _conversations.ConversationOf(message, myName);
        if (!_conversations.Accept(message, myName, countUnread: !own)) return;
        var lines = _formatter.FormatMessage(message);
        foreach (var line in lines) _recorder.Shown(line);
        _display.Message(conversation.Key, message, own, lines);
    }

    private void OnHistory(HistoryEvent history)
    {
        var key = ConversationState.RoomKey(history.Room);
        var isLobbyAfterLogin = history.Ref is null && NameRules.Key(history.Room) == NameRules.Key(ProtocolInfo.Lobby);
        if (isLobbyAfterLogin && _dropLobbyHistory)
        {
            _dropLobbyHistory = false;
            return;
        }
        var forCatchUp = (isLobbyAfterLogin && _awaitingLobbyHistory) || IsCatchUpRef(history.Ref);
        if (forCatchUp && _catchUps.TryGetValue(key, out var catchUp))
        {
            if (isLobbyAfterLogin) _awaitingLobbyHistory = false;
            if (catchUp.Take(history.Messages) is { } next)
            {
                catchUp.AwaitingRef = RequestRef.Of(CatchUpPrefix + ++_requestCount);
                _connection.Tell(next with { Id = catchUp.AwaitingRef });
            }
            else FinishCatchUp(key, catchUp);
            return;
        }

        var myName = _state.Name ?? string.Empty;
        var conversation = _conversations.Room(history.Room);
        var fresh = history.Messages.Where(m => _conversations.Accept(m, myName, countUnread: false)).ToList();
        var lines = _formatter.Format(history);
        foreach (var line in lines) _recorder.Shown(line);
        _display.History(conversation.Key, fresh, lines);
        PublishStatus();
    }

    private static bool IsCatchUpRef(RequestRef? reference) =>
        reference?.ToString() is { } text && (text.StartsWith(RejoinPrefix, StringComparison.Ordinal) || text.StartsWith(CatchUpPrefix, StringComparison.Ordinal));

    private void AbandonCatchUpOf(RequestRef reference)
    {
        // The rejoin or a page was refused; its room can catch up no further.
        foreach (var (key, catchUp) in _catchUps.ToList())
        {
            if (catchUp.AwaitingRef != reference) continue;
            catchUp.Abandon();
            FinishCatchUp(key, catchUp);
            return;
        }
    }

    private void FinishCatchUp(string key, RoomCatchUp catchUp)
    {
        _catchUps.Remove(key);
        var myName = _state.Name ?? string.Empty;
        _conversations.SettleFromCatchUp(catchUp.Room, catchUp.Missed, myName);
        foreach (var message in catchUp.Missed) ShowMessage(message);
        if (_catchUps.Count == 0) OnCaughtUp();
        PublishStatus();
    }

    /// <summary>Every room is up to date: now the lines typed meanwhile go out, in the order typed.</summary>
    private void OnCaughtUp()
    {
        foreach (var pending in _conversations.Pending)
        {
            pending.Sent = true;
            _connection.Tell(pending.Request);
        }
        if (_quitWhenSent) BeginQuit();
    }

    private void OnJoined(JoinedEvent joined)
    {
        var isMe = _state.Name is { } me && NameRules.Key(joined.Name) == NameRules.Key(me);
        _state.Apply(joined);
        SyncFrontWithCurrentRoom();
        var conversation = _conversations.Room(joined.Room);
        conversation.AddMember(joined.Name, joined.Members);
        if (isMe && _settings.FetchMembers) _connection.Tell(new WhoRequest(joined.Room) { Id = MembersPrefix + ++_requestCount });
        // Our own rejoin after a reconnect is not news.
        if (!(isMe && (IsCatchUpRef(joined.Ref) || _catchUps.ContainsKey(conversation.Key)))) ShowEvent(conversation.Key, joined);
        PublishStatus();
    }

    private void OnLeft(LeftEvent left)
    {
        var isMe = _state.Name is { } me && NameRules.Key(left.Name) == NameRules.Key(me);
        _state.Apply(left);
        var conversation = _conversations.Room(left.Room);
        conversation.RemoveMember(left.Name, left.Members);
        if (isMe) _conversations.Close(conversation.Key);
        SyncFrontWithCurrentRoom();
        if (!(isMe && IsCatchUpRef(left.Ref))) ShowEvent(conversation.Key, left);
        PublishStatus();
    }

    private void OnWho(WhoEvent who)
    {
        if (_conversations.Find(ConversationState.RoomKey(who.Room)) is { } conversation && _state.IsIn(who.Room))
            conversation.SetMembers(who.Members);
        // The member lists the session asks for itself are for the screen, not news.
        if (who.Ref?.ToString()?.StartsWith(MembersPrefix, StringComparison.Ordinal) != true) ShowEvent(null, who);
        PublishStatus();
    }

    private void OnServerEvent(ServerEvent serverEvent) => ShowEvent(null, serverEvent);

    private void ShowEvent(string? conversationKey, ServerEvent serverEvent)
    {
        if (serverEvent is not (JoinedEvent or LeftEvent)) _state.Apply(serverEvent);
        var lines = _formatter.Format(serverEvent);
        foreach (var line in lines)
        {
            _recorder.Shown(line);
            if (serverEvent is ErrorEvent) _recorder.Error(line);
        }
        if (lines.Count > 0) _display.Notice(conversationKey, lines);
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
        if (_settings.Reconnect && !IsOnline || _catchUps.Count > 0)
        {
            if (_conversations.Pending.Count == 0 && !IsOnline)
            {
                Finish(ExitCodes.Normal, "* bye");
                return;
            }
            // Lines typed while offline are sent first; nothing typed is lost.
            _quitWhenSent = true;
            return;
        }
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
        // Only the current connection counts; an older one may report its end late.
        if (!Sender.Equals(_connection)) return;
        var why = ended.ByeReason is { } reason ? $"{ended.Detail} (bye: {TerminalText.EscapeSingleLine(reason)})" : ended.Detail;
        if (_settings.Reconnect && _state.IsLoggedIn && !_quitting)
        {
            ScheduleReconnect(why);
            return;
        }
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

    private void ScheduleReconnect(string why)
    {
        _catchUps.Clear();
        _awaitingLobbyHistory = false;
        _dropLobbyHistory = false;
        _reloginInFlight = false;
        var delay = _backoff.Next();
        _connectionState = ConnectionState.Reconnecting;
        _reconnectAt = _clock.GetUtcNow() + delay;
        var message = $"! {why}; reconnecting in {delay.TotalSeconds:0.#} s";
        _recorder.Error(message);
        Show(message);
        Timers.StartSingleTimer(ReconnectTimerKey, ReconnectNow.Instance, delay);
        PublishStatus();
    }

    private void OnReconnectNow()
    {
        _connectionState = ConnectionState.Connecting;
        _reconnectAt = null;
        Connect();
        _reloginInFlight = true;
        _connection.Tell(new LoginRequest(_state.Name!));
        PublishStatus();
    }

    private void PublishStatus()
    {
        var front = _conversations.Current;
        _display.Status(new SessionStatus(
            _connectionState,
            _reconnectAt,
            _state.Name,
            front is null ? _state.CurrentRoom : front.IsDirect ? "@" + front.Name : front.Name,
            front is { IsDirect: false } ? [.. front.Members] : [],
            front?.MemberCount ?? 0,
            _conversations.UnreadElsewhere(),
            [.. _conversations.All.Select(c => c.IsDirect ? "@" + c.Name : c.Name)],
            _conversations.Pending.Count));
    }

    private void PromptForName() => Print($"? your name ({NameRules.Description}):");

    private void Finish(int exitCode, string message)
    {
        _connectionState = ConnectionState.Offline;
        PublishStatus();
        Show(message);
        _exitCode.TrySetResult(exitCode);
        Context.Stop(Self);
    }

    /// <summary>Shows a line about the chat and records it in the history.</summary>
    private void Show(string text)
    {
        _display.Notice(null, [text]);
        _recorder.Shown(text);
    }

    /// <summary>Shows a local line (prompt, help, usage error): not part of the history.</summary>
    private void Print(string text) => _display.Notice(null, text.Split('\n'));

    private sealed class QuitTimedOut
    {
        public static readonly QuitTimedOut Instance = new();
    }
}
