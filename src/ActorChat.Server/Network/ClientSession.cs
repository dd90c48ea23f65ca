using System.Net;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using ActorChat.Server.Delivery;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Metrics;
using ActorChat.Server.Rooms;
using ActorChat.Server.Transport;
using ActorChat.Server.Users;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Server.Network;

/// <summary>
/// One client connection: reads its requests through a <see cref="RequestReader"/> (framing,
/// decoding, rate limit, flood strikes), lets each through the <see cref="RequestGate"/>, hands it to the user directory or the room registry, and
/// writes back what they answer through a flow-controlled <see cref="ConnectionWriter"/>. It knows
/// its client only as a <see cref="ClientConnection"/>: TCP, TLS and WebSocket alike.
/// </summary>
/// <remarks>
/// States (Become): AwaitingLogin → ClaimingName (a login or register: the directory and its
/// account desk check it) → Active → Closing; a refused name goes back to AwaitingLogin. Frames that arrive while the name is being claimed wait in the
/// reader, so a client may pipeline "login" and its first requests. The state is only the
/// behaviour Become set: each state's handlers are told the phase they serve.
/// </remarks>
public sealed class ClientSession : ReceiveActor, IWithTimers
{
    private const string IdleTimerKey = "client-idle";
    private const string LoginTimerKey = "login";

    private sealed class IdleTimeout { public static readonly IdleTimeout Instance = new(); }
    private sealed class LoginTimeout { public static readonly LoginTimeout Instance = new(); }
    private sealed class AbortNow { public static readonly AbortNow Instance = new(); }

    private readonly ClientConnection _connection;
    private readonly EndPoint _remote;
    private readonly ServerLimits _limits;
    private readonly IActorRef _users;
    private readonly RequestReader _reader;
    private readonly ConnectionWriter _writer;
    private readonly ChatRequestRouter _router;
    private readonly ChatMetrics _metrics = ChatMetrics.Of(Context.System);
    private string? _name;
    private RequestRef? _loginRef;

    /// <summary>The client's IP address: failed password attempts are counted per address.</summary>
    private readonly string _address;

    /// <summary>Whether the name is registered to an account (set at login, or when the guest registers it).</summary>
    private bool _account;

    /// <summary>The directory incarnation that granted the name (watched: when it ends, the name is claimed from the next).</summary>
    private IActorRef? _directory;

    /// <summary>Why the session ended (for its log line and its rooms); null until it does.</summary>
    private string? _endReason;

    public ClientSession(ClientConnection connection, EndPoint remote, ServerLimits limits, SessionRoutes routes)
    {
        _connection = connection;
        _remote = remote;
        _limits = limits;
        _users = routes.Users;
        _address = remote is IPEndPoint ip ? ip.Address.ToString() : remote.ToString() ?? "";
        _reader = new RequestReader(limits);
        _writer = new ConnectionWriter(connection, Self, limits.MaxPendingWriteBytes);
        _router = new ChatRequestRouter(routes.Rooms, routes.Users, routes.RoomList, limits, new MemberPort(connection, Self, routes.Node), _address, routes.Stats);
        Become(AwaitingLogin);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Made for each use and not kept: a session logs a few lines in its life, and a kept adapter
    /// (with its actor path as the log source) would cost every idle one ~150 bytes
    /// (docs/benchmarks.md, "Idle connections").
    /// </summary>
    private ILoggingAdapter Log => Context.GetLogger();

    /// <param name="routes">Where the session's requests go.</param>
    public static Props Props(ClientConnection connection, EndPoint remote, ServerLimits limits, SessionRoutes routes) =>
        Akka.Actor.Props.Create(() => new ClientSession(connection, remote, limits, routes));

    protected override void PreStart()
    {
        _connection.Register(Self);
        RestartIdleTimer();
        if (_limits.LoginTimeout > TimeSpan.Zero) Timers.StartSingleTimer(LoginTimerKey, LoginTimeout.Instance, _limits.LoginTimeout);
    }

    protected override void PostStop()
    {
        Log.Info("{0} disconnected ({1}){2}", _remote, _endReason ?? LeftReasons.Disconnected, _name is null ? "" : $", was {_name}");
        if (_endReason is null) _metrics.Disconnected(LeftReasons.Disconnected);
        if (_name is not null) _metrics.Users.Add(-1);
        LeaveEverything(_endReason ?? LeftReasons.Disconnected);
    }

    // ---- states ---------------------------------------------------------------------

    private void AwaitingLogin()
    {
        Receive<LoginTimeout>(_ => Disconnect(ByeReasons.Idle, null));
        ReceiveConnectionEvents(SessionPhase.AwaitingLogin);
    }

    /// <summary>Frames wait in the reader until the name is claimed or refused.</summary>
    private void ClaimingName()
    {
        Receive<LoginTimeout>(_ => Disconnect(ByeReasons.Idle, null));
        Receive<NameClaimed>(OnNameClaimed);
        Receive<NameRefused>(OnNameRefused);
        ReceiveConnectionEvents(null);
    }

    private void Active()
    {
        Receive<Deliver>(d => Write(ByteString.FromBytes(d.Frames)));
        Receive<RoomMoved>(moved => _router.Restore(moved, _name!));
        Receive<Terminated>(OnDirectoryTerminated);
        Receive<NameClaimed>(_ => WatchDirectory(Sender));
        Receive<NameRefused>(refused => Log.Warning("{0} ({1}) could not claim its name again from the new user directory: {2}", _remote, _name, refused.Message));
        Receive<Replaced>(_ => OnReplaced());
        Receive<AccountRequestDone>(OnAccountRequestDone);
        Receive<AccountRequestRefused>(refused => SendError(refused.Error, refused.RetryAfter));
        Receive<DirectHistoryPage>(OnDirectHistoryPage);
        ReceiveConnectionEvents(SessionPhase.Active);
    }

    private void Closing()
    {
        Receive<WriteAck>(_ => _writer.OnAck());
        Receive<AbortNow>(_ => _writer.Abort());
        // Late deliveries, bytes and refused writes (a room's late write: the bye may still go):
        // the client is leaving. Only the end of the connection matters.
        ReceiveAny(message => { if (_connection.Read(message) is ConnectionEnded) Context.Stop(Self); });
    }

    /// <summary>
    /// What every state but Closing handles alike (a late login timer in Active is ignored), the
    /// connection's own events last: frames read are handled in <paramref name="phase"/>, or wait
    /// in the reader while it is null (a name being claimed).
    /// </summary>
    private void ReceiveConnectionEvents(SessionPhase? phase)
    {
        Receive<WriteAck>(_ => _writer.OnAck());
        Receive<IdleTimeout>(_ => Disconnect(ByeReasons.Idle, null));
        Receive<LoginTimeout>(_ => { });
        Receive<SimulatedFault>(fault => throw new SimulatedFaultException(fault.Reason));
        Receive<ServerStopping>(_ => Disconnect(ByeReasons.Shutdown, null));
        ReceiveAny(message => OnConnectionMessage(message, phase));
    }

    private void OnConnectionMessage(object message, SessionPhase? phase)
    {
        switch (_connection.Read(message))
        {
            case BytesReceived bytes:
                _reader.Feed(bytes.Data.ToReadOnlySpan());
                break;
            case FrameReceived frame:
                _reader.Feed(frame.Frame);
                break;
            case WriteRefused:
                OnWriteRefused();
                return;
            case ConnectionEnded ended:
                Log.Debug("{0}: the connection ended ({1})", _remote, ended.Detail);
                Context.Stop(Self);
                return;
            default:
                Unhandled(message);
                return;
        }
        if (phase is { } now) DrainInbox(now);
    }

    // ---- reading: each frame one request --------------------------------------------

    /// <summary>
    /// Handles waiting frames until one changes the state (a login starts its claim, a quit or
    /// a flood ends the session): the rest wait for the next state to take them, or are dropped.
    /// </summary>
    private void DrainInbox(SessionPhase phase)
    {
        while (_reader.TryTake(out var inbound))
            if (Handle(inbound, phase) == Next.StateChanged) return;
    }

    private enum Next { SameState, StateChanged }

    private Next Handle(InboundFrame inbound, SessionPhase phase)
    {
        RestartIdleTimer(); // every frame counts as activity, even a bad one
        if (inbound.Error is { } error)
        {
            SendError(error);
            if (!inbound.Flooding) return Next.SameState;
            Log.Warning("{0} ({1}) is flooding: too many rate-limited or bad frames", _remote, _name ?? "not logged in");
            Disconnect(ByeReasons.Flood, null);
            return Next.StateChanged;
        }
        var refused = RequestGate.Check(phase, inbound.Request!, _limits.MaxTextLength);
        if (refused is null) return Dispatch(inbound.Request!, phase);
        if (inbound.Request is LoginRequest or RegisterRequest) _metrics.LoginRefusedWith(refused.Code);
        SendError(refused);
        return Next.SameState;
    }

    /// <summary>Every request here has passed the gate: names and text are valid.</summary>
    private Next Dispatch(ClientRequest request, SessionPhase phase)
    {
        switch (request)
        {
            case LoginRequest login:
                return OnLogin(login);
            case RegisterRequest register when phase == SessionPhase.AwaitingLogin:
                Claim(new ClaimName(NameRules.Canonicalize(register.Name)!, ClaimKind.Register, register.Password, _address), register.Id);
                return Next.StateChanged;
            case QuitRequest quit:
                Disconnect(ByeReasons.Quit, quit.Id);
                return Next.StateChanged;
            case PingRequest ping:
                Send(new PongEvent { Ref = ping.Id });
                return Next.SameState;
            default:
                if (_router.TryRoute(request, _name!, _account, out var error) && error is not null) SendError(error);
                return Next.SameState;
        }
    }

    // ---- requests -------------------------------------------------------------------

    private Next OnLogin(LoginRequest login)
    {
        var name = NameRules.Canonicalize(login.Name)!;
        if (login.Password is null && _limits.AccountsRequired)
        {
            _metrics.LoginRefusedWith(ErrorCodes.AccountRequired);
            SendError(new(ErrorCodes.AccountRequired, "this server takes accounts only: log in with a password, or register", login.Id));
            return Next.SameState;
        }
        Claim(login.Password is null ? ClaimName.Guest(name, _address) : new ClaimName(name, ClaimKind.Password, login.Password, _address), login.Id);
        return Next.StateChanged;
    }

    private void Claim(ClaimName claim, RequestRef? reference)
    {
        _loginRef = reference;
        Become(ClaimingName);
        _users.Tell(claim);
    }

    private void OnNameClaimed(NameClaimed claimed)
    {
        _name = claimed.Name;
        _account = claimed.Account;
        WatchDirectory(Sender);
        Become(Active);
        Log.Info("{0} logged in as {1}{2}", _remote, _name, claimed.Account ? (claimed.TookOver ? " (account; its other connection replaced)" : " (account)") : "");
        Timers.Cancel(LoginTimerKey);
        _metrics.LoggedIn();
        _metrics.Users.Add(1);
        Send(new WelcomeEvent(_name, ProtocolInfo.Version, ServerLimits.ServerVersion, _limits.Motd) { Account = _account, Ref = _loginRef });
        _router.Join(ProtocolInfo.Lobby, _name, null, replacing: claimed.TookOver);
        DrainInbox(SessionPhase.Active);
    }

    /// <summary>The account logged in on another connection: this one says <c>bye replaced</c>, and its rooms hear <c>left</c> with that reason.</summary>
    private void OnReplaced()
    {
        Log.Info("{0} ({1}) is replaced by a new login to its account", _remote, _name);
        Disconnect(ByeReasons.Replaced, null);
    }

    private void OnAccountRequestDone(AccountRequestDone done)
    {
        if (done.AccountCreated)
        {
            _account = true;
            Log.Info("{0} registered the name {1}", _remote, _name);
        }
        Send(new OkEvent { Ref = done.Ref });
    }

    private void OnDirectHistoryPage(DirectHistoryPage page) =>
        Send(page.Failed
            ? new ErrorEvent(ErrorCodes.Unavailable, "history could not be read; try again later") { Ref = page.Ref }
            : new DirectHistoryEvent(page.With, page.Messages) { Ref = page.Ref });

    private void WatchDirectory(IActorRef directory)
    {
        if (directory.Equals(_directory)) return;
        if (_directory is not null) Context.Unwatch(_directory);
        _directory = directory;
        Context.Watch(directory);
    }

    /// <summary>The user directory moved (a cluster's singleton, its node gone): this session still holds its name.</summary>
    private void OnDirectoryTerminated(Terminated terminated)
    {
        if (!terminated.ActorRef.Equals(_directory)) return;
        _directory = null;
        _users.Tell(new ReclaimName(_name!));
    }

    private void OnNameRefused(NameRefused refused)
    {
        _metrics.LoginRefusedWith(refused.Code);
        SendError(new(refused.Code, refused.Message, _loginRef), refused.RetryAfter);
        Become(AwaitingLogin);
        DrainInbox(SessionPhase.AwaitingLogin);
    }

    // ---- writing --------------------------------------------------------------------

    private void Send(ServerEvent e) => Write(WireFrames.Of(e));

    private void SendError(ProtocolError error, int? retryAfter = null) =>
        Send(new ErrorEvent(error.Code, error.Message) { Ref = error.Ref, RetryAfter = retryAfter });

    private void Write(ByteString frame)
    {
        if (_writer.TryWrite(frame)) return;
        Log.Warning("{0} ({1}) is not reading; {2} bytes wait for it", _remote, _name ?? "not logged in", _writer.PendingBytes);
        Disconnect(ByeReasons.SlowConsumer, null);
    }

    /// <summary>
    /// A write refused by the connection: its queue is full (the client does not read what its rooms
    /// send it), so it is dropped as a slow consumer.
    /// </summary>
    private void OnWriteRefused()
    {
        Log.Warning("{0} ({1}) is not reading; its connection's queue is full", _remote, _name ?? "not logged in");
        Disconnect(ByeReasons.SlowConsumer, null);
    }

    // ---- ending ---------------------------------------------------------------------

    /// <summary>Says <c>bye</c>, leaves every room, and closes once the bye is written (or the grace ends).</summary>
    private void Disconnect(string reason, RequestRef? reference)
    {
        if (_endReason is not null) return;
        _endReason = reason;
        _metrics.Disconnected(reason);
        _reader.DiscardWaiting();
        _writer.WriteLastAndClose(WireFrames.Of(new ByeEvent(reason) { Ref = reference }), dropQueued: reason == ByeReasons.SlowConsumer);
        LeaveEverything(reason);
        Become(Closing);
        Timers.Cancel(IdleTimerKey);
        Timers.StartSingleTimer("abort", AbortNow.Instance, _limits.CloseGrace);
    }

    private void LeaveEverything(string reason)
    {
        _router.LeaveAll(_name ?? "", reason);
        if (_name is not null) _users.Tell(ReleaseName.Instance);
    }

    private void RestartIdleTimer()
    {
        if (_limits.ClientIdle > TimeSpan.Zero) Timers.StartSingleTimer(IdleTimerKey, IdleTimeout.Instance, _limits.ClientIdle);
    }
}
