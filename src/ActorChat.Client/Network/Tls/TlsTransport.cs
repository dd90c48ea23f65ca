using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Client.Network.Tls;

/// <summary>
/// A <see cref="ChatConnection"/>'s transport over TLS: a socket and an SslStream (Akka.IO
/// has no TLS). It connects and runs the handshake (<see cref="TlsConnector"/>), then a read
/// loop (<see cref="TlsReadLoop"/>) tells it the bytes, which it passes to its parent; writes
/// go one at a time, in order (<see cref="WriteQueue"/>).
/// </summary>
/// <remarks>
/// Until the handshake is done and the certificate accepted the parent gets nothing but,
/// possibly, <see cref="TransportEnded"/>, and holds its requests back: a refused server sees
/// no byte of the chat. The connect timeout (TCP and handshake together) is an Akka timer.
/// Stopping closes the socket, whatever state it is in.
/// </remarks>
public sealed class TlsTransport : ReceiveActor, IWithTimers
{
    private const string ConnectTimerKey = "connect-timeout";

    private readonly EndPoint _server;
    private readonly string _host;
    private readonly TimeSpan _connectTimeout;
    private readonly ServerCertificateCheck _check;
    private readonly WriteQueue _writes = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private SslStream? _stream;
    private bool _closing;
    private bool _ended;

    public TlsTransport(EndPoint server, ClientTls tls, TimeSpan connectTimeout)
    {
        _server = server;
        _host = NamedEndPoint.HostOf(server);
        _connectTimeout = connectTimeout;
        _check = new ServerCertificateCheck(tls, _host);
        Receive<TlsOutcome>(OnHandshakeDone);
        Receive<ConnectTimedOut>(_ => End(ConnectionEndKind.ConnectFailed,
            $"timed out: no TLS connection within {_connectTimeout.TotalSeconds:0.#} s"));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(EndPoint server, ClientTls tls, TimeSpan connectTimeout) =>
        Akka.Actor.Props.Create(() => new TlsTransport(server, tls, connectTimeout));

    protected override void PreStart()
    {
        Timers.StartSingleTimer(ConnectTimerKey, ConnectTimedOut.Instance, _connectTimeout);
        TlsConnector.ConnectAsync(_socket, _server, _host, _check, _stopping.Token)
            .PipeTo(Self, failure: e => TlsOutcome.Failed(
                ConnectionEndKind.ConnectFailed, "the TLS connection failed: " + Output.TerminalText.EscapeSingleLine(e.Message), e));
    }

    protected override void PostStop()
    {
        // Cancel first, so the read loop and a handshake under way end without a word.
        _stopping.Cancel();
        _stream?.Dispose();
        _socket.Dispose();
        _stopping.Dispose();
    }

    private void Connected()
    {
        Receive<TransportReceived>(received => Context.Parent.Tell(received));
        Receive<TransportWrite>(OnWrite);
        Receive<WriteDone>(_ => OnWriteDone());
        Receive<Status.Failure>(OnWriteFailed);
        Receive<TransportClose>(_ => OnClose());
        Receive<Closed>(_ => End(ConnectionEndKind.ClosedByClient, "connection closed"));
        Receive<TransportEnded>(OnReadEnded);
    }

    private void OnHandshakeDone(TlsOutcome outcome)
    {
        Timers.Cancel(ConnectTimerKey);
        if (outcome.Failure is { } failure)
        {
            // The exception text is for developers; the detail says it in plain words.
            if (outcome.Cause is { } cause) _log.Debug("TLS connect to {0} failed: {1}", _server, cause.Message);
            End(failure.Kind, failure.Detail);
            return;
        }
        _stream = outcome.Stream!;
        Become(Connected);
        Context.Parent.Tell(new TransportConnected(outcome.Remote!));
        _ = TlsReadLoop.RunAsync(_stream, Self, _stopping.Token);
    }

    private void OnWrite(TransportWrite write)
    {
        // Told after the close: the stream takes no more (over TCP such a write fails as well).
        if (_closing) _log.Debug("a write after the close was dropped");
        else Write(_writes.Add(write.Data));
    }

    private void Write(byte[]? bytes)
    {
        if (bytes is null) return;
        _stream!.WriteAsync(bytes, _stopping.Token).AsTask().PipeTo(Self, success: () => WriteDone.Instance);
    }

    private void OnWriteDone()
    {
        var next = _writes.Done();
        if (next is not null) Write(next);
        else if (_closing) BeginClose();
    }

    private void OnWriteFailed(Status.Failure failed)
    {
        // A lost write means lost requests; carrying on would leave the user talking into a void.
        _log.Warning("write failed: {0}", failed.Cause.Message);
        End(ConnectionEndKind.Lost, "a write to the server failed");
    }

    private void OnClose()
    {
        if (_closing) return;
        _closing = true;
        if (_writes.IsIdle) BeginClose();
    }

    /// <summary>A TLS close_notify, then the TCP close; the server sees a clean end of stream.</summary>
    private void BeginClose() =>
        ShutdownAsync(_stream!, _socket).PipeTo(Self, success: () => Closed.Instance, failure: _ => Closed.Instance);

    private static async Task ShutdownAsync(SslStream stream, Socket socket)
    {
        await stream.ShutdownAsync();
        socket.Shutdown(SocketShutdown.Both);
    }

    private void OnReadEnded(TransportEnded ended)
    {
        // While closing, the server's answering close is expected: Closed reports the end.
        if (!_closing) End(ended.Kind, ended.Detail);
    }

    private void End(ConnectionEndKind kind, string detail)
    {
        if (_ended) return;
        _ended = true;
        Context.Parent.Tell(new TransportEnded(kind, detail));
        Context.Stop(Self);
    }

    private sealed class ConnectTimedOut
    {
        public static readonly ConnectTimedOut Instance = new();
    }

    private sealed class WriteDone
    {
        public static readonly WriteDone Instance = new();
    }

    private sealed class Closed
    {
        public static readonly Closed Instance = new();
    }
}
