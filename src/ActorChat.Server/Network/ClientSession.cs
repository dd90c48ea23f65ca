using System.Net;
using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Metrics;
using ActorChat.Server.Transport;
using ActorChat.Server.Users;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Server.Network;

/// <summary>
/// One client connection: reads its requests through a <see cref="RequestReader"/>, has
/// <see cref="SessionRequests"/> carry each out (the name through <see cref="SessionLogin"/>, chat
/// through the <see cref="ChatRequestRouter"/>), writes back through a flow-controlled
/// <see cref="ConnectionWriter"/>, and ends as <see cref="SessionEnd"/> says, its timers
/// <see cref="SessionTimers"/>. It knows its client only as a <see cref="ClientConnection"/>: TCP,
/// TLS and WebSocket alike.
/// </summary>
/// <remarks>
/// States (Become): AwaitingLogin → ClaimingName (a login or register: the directory and its
/// account desk check it) → Active → Closing; a refused name goes back to AwaitingLogin. Frames that arrive while the name is being claimed wait in the
/// reader, so a client may pipeline "login" and its first requests. The state is only the
/// behaviour Become set: each state's handlers are told the phase they serve.
/// </remarks>
public sealed class ClientSession : ReceiveActor, IWithTimers
{
    private readonly ClientConnection _connection;
    private readonly EndPoint _remote;
    private readonly ServerLimits _limits;
    private readonly RequestReader _reader;
    private readonly ConnectionWriter _writer;
    private readonly ChatRequestRouter _router;
    private readonly SessionLogin _login;
    private readonly SessionRequests _requests;
    private readonly SessionEnd _end;

    public ClientSession(ClientConnection connection, EndPoint remote, ServerLimits limits, SessionRoutes routes)
    {
        _connection = connection;
        _remote = remote;
        _limits = limits;
        var address = remote is IPEndPoint ip ? ip.Address.ToString() : remote.ToString() ?? "";
        _reader = new RequestReader(limits);
        _writer = new ConnectionWriter(connection, Self, limits.MaxPendingWriteBytes);
        _router = new ChatRequestRouter(routes.Rooms, routes.Users, routes.RoomList, limits, new MemberPort(connection, Self, routes.Node), address, routes.Stats);
        var metrics = ChatMetrics.Of(Context.System);
        _login = new SessionLogin(limits, routes.Users, address, metrics);
        _requests = new SessionRequests(limits, _login, _router, metrics);
        _end = new SessionEnd(_reader, _writer, _router, _login, metrics);
        Become(AwaitingLogin);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Made for each use, not kept: a kept adapter (its log source the actor's path) would cost
    /// every idle session ~150 bytes (docs/benchmarks.md, "Idle connections").</summary>
    private ILoggingAdapter Log => Context.GetLogger();

    /// <param name="routes">Where the session's requests go.</param>
    public static Props Props(ClientConnection connection, EndPoint remote, ServerLimits limits, SessionRoutes routes) =>
        Akka.Actor.Props.Create(() => new ClientSession(connection, remote, limits, routes));

    protected override void PreStart()
    {
        _connection.Register(Self);
        SessionTimers.Started(Timers, _limits);
    }

    protected override void PostStop()
    {
        var reason = _end.Stopped();
        Log.Info("{0} disconnected ({1}){2}", _remote, reason, _login.Name is null ? "" : $", was {_login.Name}");
    }

    // ---- states ---------------------------------------------------------------------

    private void AwaitingLogin()
    {
        Receive<SessionTimers.LoginTimeout>(_ => Disconnect(ByeReasons.Idle));
        ReceiveConnectionEvents(SessionPhase.AwaitingLogin);
    }

    /// <summary>Frames wait in the reader until the name is claimed or refused.</summary>
    private void ClaimingName()
    {
        Receive<SessionTimers.LoginTimeout>(_ => Disconnect(ByeReasons.Idle));
        Receive<NameClaimed>(OnNameClaimed);
        Receive<NameRefused>(OnNameRefused);
        ReceiveConnectionEvents(null);
    }

    private void Active()
    {
        Receive<Deliver>(d => Write(ByteString.FromBytes(d.Frames)));
        Receive<RoomMoved>(moved => _router.Restore(moved, _login.Name!));
        Receive<Terminated>(terminated => _login.OnTerminated(terminated.ActorRef));
        Receive<NameClaimed>(_ => _login.WatchDirectory(Sender, Context));
        Receive<NameRefused>(refused => Log.Warning("{0} ({1}) could not claim its name again from the new user directory: {2}", _remote, _login.Name, refused.Message));
        Receive<Replaced>(OnReplaced);
        Receive<AccountRequestDone>(OnAccountRequestDone);
        Receive<AccountRequestRefused>(refused => Send(SessionRequests.ErrorOf(refused.Error, refused.RetryAfter)));
        Receive<DirectHistoryPage>(page => Send(ChatRequestRouter.AnswerOf(page)));
        ReceiveConnectionEvents(SessionPhase.Active);
    }

    private void Closing()
    {
        Receive<WriteAck>(_ => _writer.OnAck());
        Receive<SessionTimers.AbortNow>(_ => _writer.Abort());
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
        Receive<SessionTimers.IdleTimeout>(_ => Disconnect(ByeReasons.Idle));
        Receive<SessionTimers.LoginTimeout>(_ => { });
        Receive<SimulatedFault>(fault => throw new SimulatedFaultException(fault.Reason));
        Receive<ServerStopping>(_ => Disconnect(ByeReasons.Shutdown));
        ReceiveAny(message => OnConnectionMessage(message, phase));
    }

    /// <summary>Frames read, a write refused (the connection's queue is full: its rooms' frames wait unread), or the end.</summary>
    private void OnConnectionMessage(object message, SessionPhase? phase)
    {
        var read = _connection.Read(message);
        if (_reader.Feed(read))
        {
            if (phase is { } now) DrainInbox(now);
        }
        else if (read is WriteRefused) Disconnect(ByeReasons.SlowConsumer, warning: "is not reading; its connection's queue is full");
        else if (read is ConnectionEnded ended)
        {
            Log.Debug("{0}: the connection ended ({1})", _remote, ended.Detail);
            Context.Stop(Self);
        }
        else Unhandled(message);
    }

    /// <summary>
    /// Handles waiting frames until one changes the state (a login starts its claim, a quit or
    /// a flood ends the session): the rest wait for the next state to take them, or are dropped.
    /// Every frame counts as activity, even a bad one.
    /// </summary>
    private void DrainInbox(SessionPhase phase)
    {
        while (_reader.TryTake(out var inbound))
        {
            SessionTimers.RestartIdle(Timers, _limits);
            var step = _requests.Handle(inbound, phase);
            if (step.Reply is { } reply) Send(reply);
            switch (step.Next)
            {
                case SessionNext.ClaimingName:
                    Become(ClaimingName);
                    return;
                case SessionNext.Quit:
                    Disconnect(ByeReasons.Quit, step.Ref);
                    return;
                case SessionNext.Flood:
                    Disconnect(ByeReasons.Flood, warning: "is flooding: too many rate-limited or bad frames");
                    return;
            }
        }
    }

    private void OnNameClaimed(NameClaimed claimed)
    {
        var welcome = _login.Claimed(claimed, Sender, Context);
        Become(Active);
        Log.Info("{0} logged in as {1}{2}", _remote, claimed.Name, claimed.Account ? (claimed.TookOver ? " (account; its other connection replaced)" : " (account)") : "");
        SessionTimers.LoggedIn(Timers);
        Send(welcome);
        _router.Join(ProtocolInfo.Lobby, claimed.Name, null, replacing: claimed.TookOver);
        DrainInbox(SessionPhase.Active);
    }

    private void OnNameRefused(NameRefused refused)
    {
        Send(_login.Refused(refused));
        Become(AwaitingLogin);
        DrainInbox(SessionPhase.AwaitingLogin);
    }

    /// <summary>The account logged in on another connection: this one says <c>bye replaced</c>, and its rooms hear <c>left</c> with that reason.</summary>
    private void OnReplaced(Replaced _)
    {
        Log.Info("{0} ({1}) is replaced by a new login to its account", _remote, _login.Name);
        Disconnect(ByeReasons.Replaced);
    }

    private void OnAccountRequestDone(AccountRequestDone done)
    {
        if (_login.AccountRequestDone(done)) Log.Info("{0} registered the name {1}", _remote, _login.Name);
        Send(new OkEvent { Ref = done.Ref });
    }

    private void Send(ServerEvent e) => Write(WireFrames.Of(e));

    private void Write(ByteString frame)
    {
        if (!_writer.TryWrite(frame)) Disconnect(ByeReasons.SlowConsumer, warning: $"is not reading; {_writer.PendingBytes} bytes wait for it");
    }

    /// <summary>
    /// Says <c>bye</c>, leaves every room, and closes once the bye is written (or the grace ends);
    /// <paramref name="warning"/>, what the client did, is logged even when the session is ending already.
    /// </summary>
    private void Disconnect(string reason, RequestRef? reference = null, string? warning = null)
    {
        if (warning is not null) Log.Warning("{0} ({1}) {2}", _remote, _login.Name ?? "not logged in", warning);
        if (!_end.Begin(reason, reference)) return;
        Become(Closing);
        SessionTimers.Closing(Timers, _limits);
    }
}
