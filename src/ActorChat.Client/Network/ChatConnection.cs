using System.Net;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Framing;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Client.Network;

/// <summary>
/// Owns the client's TCP connection to the server (Akka.IO): writes requests as frames,
/// reads frames back as <see cref="ServerEvent"/>s and tells each one to the sink, keeps
/// the connection alive with periodic <c>ping</c>s, and reports how it ended.
/// </summary>
/// <remarks>
/// It knows nothing of commands, rooms or the console: <see cref="ClientRequest"/>s in,
/// <see cref="ServerEvent"/>s, <see cref="ConnectionEstablished"/>, <see cref="UnreadableFrame"/>
/// and finally <see cref="ConnectionEnded"/> out. Requests told before the connection is up
/// are stashed and sent in order once it is, so the caller can tell <c>login</c> right away.
/// </remarks>
public sealed class ChatConnection : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    public static readonly TimeSpan DefaultPingInterval = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultPongTimeout = TimeSpan.FromSeconds(15);

    private const string PingTimerKey = "ping";
    private const string PongTimerKey = "pong-overdue";

    private readonly EndPoint _server;
    private readonly IActorRef _sink;
    private readonly TimeSpan _pingInterval;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _pongTimeout;
    private readonly LineFramer _framer = new();
    private readonly List<FrameResult> _frames = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private IActorRef _tcp = ActorRefs.Nobody;
    private string? _lastByeReason;
    private bool _ended;

    public ChatConnection(EndPoint server, IActorRef sink, TimeSpan pingInterval, TimeSpan connectTimeout, TimeSpan pongTimeout)
    {
        _pongTimeout = pongTimeout;
        _server = server;
        _sink = sink;
        _pingInterval = pingInterval;
        _connectTimeout = connectTimeout;
        Connecting();
    }

    public ITimerScheduler Timers { get; set; } = null!;
    public IStash Stash { get; set; } = null!;

    /// <param name="server">Where to connect.</param>
    /// <param name="sink">Receives every event and the connection's status messages.</param>
    /// <param name="pingInterval">How often to ping; default 60 s, well inside any sane idle timeout.</param>
    /// <param name="connectTimeout">How long to wait for the TCP handshake; default 10 s.</param>
    /// <param name="pongTimeout">
    /// How long after a ping the server may stay silent before the connection counts as dead;
    /// default 15 s. A half-open TCP connection (a cable pulled, a laptop asleep) raises no
    /// error by itself, so without this a client could wait forever for a server that is gone.
    /// </param>
    public static Props Props(EndPoint server, IActorRef sink, TimeSpan? pingInterval = null, TimeSpan? connectTimeout = null, TimeSpan? pongTimeout = null) =>
        Akka.Actor.Props.Create(() => new ChatConnection(server, sink,
            pingInterval ?? DefaultPingInterval, connectTimeout ?? DefaultConnectTimeout, pongTimeout ?? DefaultPongTimeout));

    protected override void PreStart() =>
        Context.System.Tcp().Tell(new Tcp.Connect(_server, timeout: _connectTimeout));

    private void Connecting()
    {
        Receive<Tcp.Connected>(OnConnected);
        Receive<Tcp.CommandFailed>(OnConnectFailed);
        Receive<ClientRequest>(_ => Stash.Stash());
        Receive<CloseConnection>(_ => End(ConnectionEndKind.ClosedByClient, "closed before the connection was made"));
    }

    private void Connected()
    {
        Receive<Tcp.Received>(OnReceived);
        Receive<ClientRequest>(Send);
        Receive<SendPing>(_ => OnSendPing());
        Receive<PongOverdue>(_ => OnPongOverdue());
        Receive<CloseConnection>(_ => _tcp.Tell(Tcp.Close.Instance));
        Receive<Tcp.ConnectionClosed>(OnConnectionClosed);
        Receive<Tcp.CommandFailed>(OnWriteFailed);
        Receive<Terminated>(_ => End(ConnectionEndKind.Lost, "the connection actor stopped"));
    }

    private void OnConnected(Tcp.Connected connected)
    {
        _tcp = Sender;
        _tcp.Tell(new Tcp.Register(Self));
        // The connection actor dying without a ConnectionClosed still means the end.
        Context.Watch(_tcp);
        Become(Connected);
        Timers.StartPeriodicTimer(PingTimerKey, SendPing.Instance, _pingInterval);
        _sink.Tell(new ConnectionEstablished(connected.RemoteAddress));
        Stash.UnstashAll();
    }

    private void OnConnectFailed(Tcp.CommandFailed failed)
    {
        // Akka.IO's cause text is written for developers; keep it in the log, not on screen.
        _log.Debug("connect to {0} failed: {1}", _server, failed.CauseString);
        End(ConnectionEndKind.ConnectFailed, "refused, unreachable or timed out");
    }

    private void OnSendPing()
    {
        Send(new PingRequest());
        // Any frame proves the server alive, so the timer is cancelled by every read, not only a pong.
        if (!Timers.IsTimerActive(PongTimerKey)) Timers.StartSingleTimer(PongTimerKey, PongOverdue.Instance, _pongTimeout);
    }

    private void OnPongOverdue()
    {
        _tcp.Tell(Tcp.Abort.Instance);
        End(ConnectionEndKind.Lost, $"no answer from the server within {_pongTimeout.TotalSeconds:0.#} s");
    }

    private void OnReceived(Tcp.Received received)
    {
        Timers.Cancel(PongTimerKey);
        _frames.Clear();
        _framer.Feed(received.Data.ToReadOnlySpan(), _frames);
        foreach (var frame in _frames)
        {
            if (frame.IsTooLarge)
            {
                _sink.Tell(new UnreadableFrame(new ProtocolError(ErrorCodes.FrameTooLarge, "the server sent a frame larger than the limit")));
                continue;
            }
            var decoded = ProtocolSerializer.DecodeEvent(frame.Line);
            if (decoded.Value is { } serverEvent)
            {
                if (serverEvent is ByeEvent bye) _lastByeReason = bye.Reason;
                _sink.Tell(serverEvent);
            }
            else
            {
                _sink.Tell(new UnreadableFrame(decoded.Error!));
            }
        }
    }

    private void Send(ClientRequest request) =>
        _tcp.Tell(Tcp.Write.Create(ByteString.FromBytes(ProtocolSerializer.EncodeRequest(request))));

    private void OnConnectionClosed(Tcp.ConnectionClosed closed)
    {
        var (kind, detail) = closed switch
        {
            Tcp.PeerClosed => (ConnectionEndKind.ClosedByServer, "the server closed the connection"),
            Tcp.Closed or Tcp.ConfirmedClosed => (ConnectionEndKind.ClosedByClient, "connection closed"),
            Tcp.Aborted => (ConnectionEndKind.Lost, "the connection was aborted"),
            Tcp.ErrorClosed error => (ConnectionEndKind.Lost, "the connection broke: " + error.Cause),
            _ => (ConnectionEndKind.Lost, "the connection closed: " + closed.GetType().Name),
        };
        End(kind, detail);
    }

    private void OnWriteFailed(Tcp.CommandFailed failed)
    {
        // A write the connection could not take means requests were lost; carrying on
        // would leave the user talking into a void, so give up on the connection.
        _log.Warning("write failed: {0}", failed.CauseString);
        _tcp.Tell(Tcp.Abort.Instance);
        End(ConnectionEndKind.Lost, "a write to the server failed");
    }

    private void End(ConnectionEndKind kind, string detail)
    {
        if (_ended) return;
        _ended = true;
        _sink.Tell(new ConnectionEnded(kind, detail, _lastByeReason));
        Context.Stop(Self);
    }

    /// <summary>Timer: a ping went unanswered for too long.</summary>
    private sealed class PongOverdue
    {
        public static readonly PongOverdue Instance = new();
    }

    /// <summary>Timer tick: time to send the keep-alive.</summary>
    private sealed class SendPing
    {
        public static readonly SendPing Instance = new();
    }
}
