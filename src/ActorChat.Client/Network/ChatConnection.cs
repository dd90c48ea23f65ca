using System.Net;
using ActorChat.Client.Network.Tls;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using Akka.Actor;

namespace ActorChat.Client.Network;

/// <summary>
/// Owns the client's connection to the server: writes requests as frames, reads frames back
/// as <see cref="ServerEvent"/>s and tells each one to the sink, keeps the connection alive
/// with periodic <c>ping</c>s, and reports how it ended.
/// </summary>
/// <remarks>
/// It knows nothing of commands, rooms or the console: <see cref="ClientRequest"/>s in,
/// <see cref="ServerEvent"/>s, <see cref="ConnectionEstablished"/>, <see cref="UnreadableFrame"/>
/// and finally <see cref="ConnectionEnded"/> out. Requests told before the connection is up
/// are stashed and sent in order once it is, so the caller can tell <c>login</c> right away.
/// The bytes go through a child transport chosen by the <see cref="ClientTls"/> settings:
/// <see cref="TcpTransport"/> (Akka.IO) or <see cref="TlsTransport"/> (SslStream); over TLS
/// the connection is up only once the server's certificate is accepted.
/// </remarks>
public sealed class ChatConnection : ReceiveActor, IWithTimers, IWithUnboundedStash
{
    public static readonly TimeSpan DefaultPingInterval = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultPongTimeout = TimeSpan.FromSeconds(15);

    private const string PingTimerKey = "ping";
    private const string PongTimerKey = "pong-overdue";

    private readonly Props _transportProps;
    private readonly IActorRef _sink;
    private readonly TimeSpan _pingInterval;
    private readonly TimeSpan _pongTimeout;
    private readonly ServerFrameReader _reader = new();

    private IActorRef _transport = ActorRefs.Nobody;
    private bool _ended;

    public ChatConnection(EndPoint server, IActorRef sink, TimeSpan pingInterval, TimeSpan connectTimeout, TimeSpan pongTimeout, ClientTls tls)
    {
        _transportProps = tls.Enabled ? TlsTransport.Props(server, tls, connectTimeout) : TcpTransport.Props(server, connectTimeout);
        _pongTimeout = pongTimeout;
        _sink = sink;
        _pingInterval = pingInterval;
        Connecting();
    }

    public ITimerScheduler Timers { get; set; } = null!;
    public IStash Stash { get; set; } = null!;

    /// <param name="server">Where to connect; for TLS, the certificate must be for its host (<see cref="NamedEndPoint.HostOf"/>).</param>
    /// <param name="sink">Receives every event and the connection's status messages.</param>
    /// <param name="pingInterval">How often to ping; default 60 s, well inside any sane idle timeout.</param>
    /// <param name="connectTimeout">How long to wait for the TCP handshake (and the TLS one); default 10 s.</param>
    /// <param name="pongTimeout">
    /// How long after a ping the server may stay silent before the connection counts as dead;
    /// default 15 s. A half-open TCP connection (a cable pulled, a laptop asleep) raises no
    /// error by itself, so without this a client could wait forever for a server that is gone.
    /// </param>
    /// <param name="tls">Plain TCP or TLS, and how the certificate is checked; default plain TCP.</param>
    public static Props Props(EndPoint server, IActorRef sink, TimeSpan? pingInterval = null, TimeSpan? connectTimeout = null, TimeSpan? pongTimeout = null, ClientTls? tls = null) =>
        Akka.Actor.Props.Create(() => new ChatConnection(server, sink,
            pingInterval ?? DefaultPingInterval, connectTimeout ?? DefaultConnectTimeout, pongTimeout ?? DefaultPongTimeout, tls ?? ClientTls.Off));

    /// <summary>A transport that throws is stopped, never restarted (that would be a reconnect behind the session's back).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart()
    {
        _transport = Context.ActorOf(_transportProps, "transport");
        Context.Watch(_transport);
    }

    private void Connecting()
    {
        Receive<TransportConnected>(OnConnected);
        Receive<ClientRequest>(_ => Stash.Stash());
        Receive<CloseConnection>(_ => End(ConnectionEndKind.ClosedByClient, "closed before the connection was made"));
        Receive<TransportEnded>(ended => End(ended.Kind, ended.Detail));
        Receive<Terminated>(_ => End(ConnectionEndKind.ConnectFailed, "the connection actor stopped"));
    }

    private void Connected()
    {
        Receive<TransportReceived>(OnReceived);
        Receive<ClientRequest>(Send);
        Receive<SendPing>(_ => OnSendPing());
        Receive<PongOverdue>(_ => OnPongOverdue());
        Receive<CloseConnection>(_ => _transport.Tell(TransportClose.Instance));
        Receive<TransportEnded>(ended => End(ended.Kind, ended.Detail));
        Receive<Terminated>(_ => End(ConnectionEndKind.Lost, "the connection actor stopped"));
    }

    private void OnConnected(TransportConnected connected)
    {
        Become(Connected);
        Timers.StartPeriodicTimer(PingTimerKey, SendPing.Instance, _pingInterval);
        _sink.Tell(new ConnectionEstablished(connected.Remote));
        Stash.UnstashAll();
    }

    private void OnSendPing()
    {
        Send(new PingRequest());
        // Any frame proves the server alive, so the timer is cancelled by every read, not only a pong.
        if (!Timers.IsTimerActive(PongTimerKey)) Timers.StartSingleTimer(PongTimerKey, PongOverdue.Instance, _pongTimeout);
    }

    // Stopping stops the transport, which aborts the connection.
    private void OnPongOverdue() =>
        End(ConnectionEndKind.Lost, $"no answer from the server within {_pongTimeout.TotalSeconds:0.#} s");

    private void OnReceived(TransportReceived received)
    {
        Timers.Cancel(PongTimerKey);
        foreach (var heard in _reader.Read(received.Data.ToReadOnlySpan())) _sink.Tell(heard);
    }

    private void Send(ClientRequest request) =>
        _transport.Tell(new TransportWrite(ProtocolSerializer.EncodeRequest(request)));

    private void End(ConnectionEndKind kind, string detail)
    {
        if (_ended) return;
        _ended = true;
        _sink.Tell(new ConnectionEnded(kind, detail, _reader.LastByeReason));
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
