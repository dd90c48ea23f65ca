using System.Net;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Framing;
using ActorChat.Messages.Rules;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Server.Network;

/// <summary>
/// One client connection: frames and decodes its bytes, checks each request against the
/// session's phase (<see cref="RequestGate"/>), hands it to the user directory or the room
/// registry, and writes back what they answer, flow-controlled (<see cref="OutboundBuffer"/>).
/// </summary>
/// <remarks>
/// States (Become): AwaitingLogin → ClaimingName → Active → Closing; a refused name goes
/// back to AwaitingLogin. Frames that arrive while the name is being claimed wait in the
/// inbox, so a client may pipeline "login" and its first requests.
/// </remarks>
public sealed class ClientSession : ReceiveActor, IWithTimers
{
    private const string IdleTimerKey = "client-idle";
    private const string AbortTimerKey = "abort";

    private sealed class IdleTimeout { public static readonly IdleTimeout Instance = new(); }
    private sealed class AbortNow { public static readonly AbortNow Instance = new(); }

    private readonly IActorRef _connection;
    private readonly EndPoint _remote;
    private readonly ServerLimits _limits;
    private readonly IActorRef _users;
    private readonly IActorRef _rooms;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LineFramer _framer;
    private readonly OutboundBuffer _outbound;
    private readonly List<FrameResult> _framed = new();
    private readonly Queue<FrameResult> _inbox = new();
    private readonly RoomMemberships _memberships = new();
    private SessionPhase _phase = SessionPhase.AwaitingLogin;
    private bool _holdInbox;
    private string? _name;
    private RequestRef? _loginRef;
    private string? _closeReason;
    private bool _departed;

    public ClientSession(IActorRef connection, EndPoint remote, ServerLimits limits, IActorRef users, IActorRef rooms)
    {
        _connection = connection;
        _remote = remote;
        _limits = limits;
        _users = users;
        _rooms = rooms;
        _framer = new LineFramer(limits.MaxFrameBytes);
        _outbound = new OutboundBuffer(limits.MaxPendingWriteBytes);
        Become(AwaitingLogin);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef connection, EndPoint remote, ServerLimits limits, IActorRef users, IActorRef rooms) =>
        Akka.Actor.Props.Create(() => new ClientSession(connection, remote, limits, users, rooms));

    protected override void PreStart()
    {
        _connection.Tell(new Tcp.Register(Self));
        RestartIdleTimer();
    }

    protected override void PostStop()
    {
        _log.Info("{0} disconnected ({1}){2}", _remote, _closeReason ?? LeftReasons.Disconnected, _name is null ? "" : $", was {_name}");
        LeaveEverything(_closeReason ?? LeftReasons.Disconnected);
    }

    // ---- states ---------------------------------------------------------------------

    private void AwaitingLogin() => ReceiveConnectionEvents();

    private void ClaimingName()
    {
        ReceiveConnectionEvents();
        Receive<NameClaimed>(OnNameClaimed);
        Receive<NameRefused>(OnNameRefused);
    }

    private void Active()
    {
        ReceiveConnectionEvents();
        Receive<Deliver>(d => Write(d.Frame));
        Receive<RoomJoined>(j => _memberships.Joined(j.Key, j.Room));
    }

    private void Closing()
    {
        Receive<WriteAck>(_ => OnWriteAck());
        Receive<Tcp.ConnectionClosed>(_ => Context.Stop(Self));
        Receive<Tcp.CommandFailed>(_ => Context.Stop(Self));
        Receive<AbortNow>(_ => _connection.Tell(Tcp.Abort.Instance));
        ReceiveAny(_ => { }); // late deliveries and bytes: the client is leaving
    }

    private void ReceiveConnectionEvents()
    {
        Receive<Tcp.Received>(OnReceived);
        Receive<WriteAck>(_ => OnWriteAck());
        Receive<Tcp.ConnectionClosed>(OnConnectionClosed);
        Receive<Tcp.CommandFailed>(OnCommandFailed);
        Receive<IdleTimeout>(_ => Disconnect(ByeReasons.Idle, null));
        Receive<ServerStopping>(_ => Disconnect(ByeReasons.Shutdown, null));
    }

    // ---- reading --------------------------------------------------------------------

    private void OnReceived(Tcp.Received received)
    {
        _framer.Feed(received.Data.ToReadOnlySpan(), _framed);
        foreach (var frame in _framed) _inbox.Enqueue(frame);
        _framed.Clear();
        DrainInbox();
    }

    private void DrainInbox()
    {
        while (!_holdInbox && _closeReason is null && _inbox.TryDequeue(out var frame))
            HandleFrame(frame);
    }

    private void HandleFrame(FrameResult frame)
    {
        RestartIdleTimer();
        if (frame.IsTooLarge)
        {
            SendError(ErrorCodes.FrameTooLarge, $"frames are limited to {_limits.MaxFrameBytes} bytes; the line was discarded", null);
            return;
        }

        var decoded = ProtocolSerializer.DecodeRequest(frame.Line);
        var error = decoded.Error ?? RequestGate.Check(_phase, decoded.Value!);
        if (error is not null)
        {
            SendError(error.Code, error.Message, error.Ref);
            return;
        }
        Dispatch(decoded.Value!);
    }

    private void Dispatch(ClientRequest request)
    {
        switch (request)
        {
            case LoginRequest login: OnLogin(login); break;
            case SayRequest say: OnSay(say); break;
            case DmRequest dm: OnDm(dm); break;
            case JoinRequest join: OnJoin(join); break;
            case LeaveRequest leave: OnLeave(leave); break;
            case WhoRequest who: WithRoom(who.Room, who.Id, room => _rooms.Tell(new WhoQuery(room, who.Id))); break;
            case RoomsRequest rooms: _rooms.Tell(new ListRooms(rooms.Id)); break;
            case HistoryRequest history: OnHistory(history); break;
            case PingRequest ping: Send(new PongEvent { Ref = ping.Id }); break;
            case QuitRequest quit: Disconnect(ByeReasons.Quit, quit.Id); break;
        }
    }

    // ---- requests -------------------------------------------------------------------

    private void OnLogin(LoginRequest login)
    {
        var name = NameRules.Canonicalize(login.Name);
        if (name is null)
        {
            SendError(ErrorCodes.InvalidName, $"a name is {NameRules.Description}", login.Id);
            return;
        }
        _loginRef = login.Id;
        _holdInbox = true;
        Become(ClaimingName);
        _users.Tell(new ClaimName(name));
    }

    private void OnNameClaimed(NameClaimed claimed)
    {
        _name = claimed.Name;
        _phase = SessionPhase.Active;
        Become(Active);
        _log.Info("{0} logged in as {1}", _remote, _name);
        Send(new WelcomeEvent(_name, ProtocolInfo.Version, ServerLimits.ServerVersion, _limits.Motd) { Ref = _loginRef });
        JoinRoom(ProtocolInfo.Lobby, null);
        ResumeInbox();
    }

    private void OnNameRefused(NameRefused refused)
    {
        SendError(refused.Code, refused.Message, _loginRef);
        Become(AwaitingLogin);
        ResumeInbox();
    }

    private void ResumeInbox()
    {
        _holdInbox = false;
        DrainInbox();
    }

    private void OnSay(SayRequest say) => WithText(say.Text, say.Id, () => WithRoom(say.Room, say.Id, room =>
    {
        if (!_memberships.TrySend(NameRules.Key(room), new PostMessage(say.Text, say.Id), _rooms))
            SendError(ErrorCodes.NotInRoom, $"you are not in room {room}; join it first", say.Id);
    }));

    private void OnDm(DmRequest dm) => WithText(dm.Text, dm.Id, () => _users.Tell(new SendDirect(dm.To, dm.Text, dm.Id)));

    private void OnJoin(JoinRequest join) => WithRoom(join.Room, join.Id, room => JoinRoom(room, join.Id));

    private void JoinRoom(string room, RequestRef? reference)
    {
        _memberships.Joining(NameRules.Key(room), room);
        _rooms.Tell(new JoinRoom(room, _name!, reference));
    }

    private void OnLeave(LeaveRequest leave) => WithRoom(leave.Room, leave.Id, room =>
    {
        if (!_memberships.TryLeave(NameRules.Key(room), new LeaveRoom(LeftReasons.Leave, leave.Id), _rooms))
            SendError(ErrorCodes.NotInRoom, $"you are not in room {room}", leave.Id);
    });

    private void OnHistory(HistoryRequest history) => WithRoom(history.Room, history.Id, room =>
        _rooms.Tell(new HistoryQuery(room, history.Before, Math.Min(history.Limit, _limits.MaxHistoryLimit), history.Id)));

    private void WithRoom(string roomName, RequestRef? reference, Action<string> then)
    {
        if (NameRules.Canonicalize(roomName) is { } room) then(room);
        else SendError(ErrorCodes.InvalidRoom, $"a room name is {NameRules.Description}", reference);
    }

    private void WithText(string text, RequestRef? reference, Action then)
    {
        if (TextRules.Check(text, _limits.MaxTextLength) is { } why) SendError(ErrorCodes.InvalidText, why, reference);
        else then();
    }

    // ---- writing --------------------------------------------------------------------

    private void Send(ServerEvent e) => Write(Deliver.Of(e).Frame);

    private void SendError(string code, string message, RequestRef? reference) =>
        Send(new ErrorEvent(code, message) { Ref = reference });

    private void Write(ByteString frame)
    {
        if (_closeReason is not null) return;
        if (!_outbound.Enqueue(frame))
        {
            _log.Warning("{0} ({1}) is not reading; {2} bytes wait for it", _remote, _name ?? "not logged in", _outbound.PendingBytes);
            _outbound.DropQueued();
            Disconnect(ByeReasons.SlowConsumer, null);
            return;
        }
        Flush();
    }

    private void Flush()
    {
        if (_outbound.TakeBatch() is { } batch) _connection.Tell(Tcp.Write.Create(batch, WriteAck.Instance));
    }

    private void OnWriteAck()
    {
        _outbound.Acknowledge();
        Flush();
        // ConfirmedClose, not Close: half-close and wait for the client to close its side.
        // A plain Close right after a write was seen to reach clients as a reset that
        // discarded the bye; a client that never closes is aborted by the close grace.
        if (_closeReason is not null && _outbound.IsDrained) _connection.Tell(Tcp.ConfirmedClose.Instance);
    }

    // ---- ending ---------------------------------------------------------------------

    /// <summary>Says <c>bye</c> with <paramref name="reason"/>, leaves every room, and closes once the bye is written.</summary>
    private void Disconnect(string reason, RequestRef? reference)
    {
        if (_closeReason is not null) return;
        _outbound.EnqueueUnbounded(Deliver.Of(new ByeEvent(reason) { Ref = reference }).Frame);
        _closeReason = reason;
        LeaveEverything(reason);
        Become(Closing);
        Timers.Cancel(IdleTimerKey);
        Timers.StartSingleTimer(AbortTimerKey, AbortNow.Instance, _limits.CloseGrace);
        Flush();
    }

    private void LeaveEverything(string reason)
    {
        if (_departed) return;
        _departed = true;
        _memberships.LeaveAll(new LeaveRoom(reason, null), _rooms);
        if (_name is not null) _users.Tell(ReleaseName.Instance);
    }

    private void OnConnectionClosed(Tcp.ConnectionClosed closed)
    {
        _closeReason = LeftReasons.Disconnected;
        Context.Stop(Self);
    }

    private void OnCommandFailed(Tcp.CommandFailed failed)
    {
        _log.Debug("{0}: {1} failed", _remote, failed.Cmd);
        Context.Stop(Self);
    }

    private void RestartIdleTimer()
    {
        if (_limits.ClientIdle > TimeSpan.Zero) Timers.StartSingleTimer(IdleTimerKey, IdleTimeout.Instance, _limits.ClientIdle);
    }
}
