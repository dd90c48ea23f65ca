using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Client.Network;

/// <summary>
/// A <see cref="ChatConnection"/>'s transport over plain TCP, on Akka.IO: connects, passes
/// the bytes both ways, and says how the connection ended.
/// </summary>
/// <remarks>Stopping while connected aborts the connection (a ping unanswered, the session gone).</remarks>
public sealed class TcpTransport : ReceiveActor
{
    private readonly EndPoint _server;
    private readonly TimeSpan _connectTimeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private IActorRef _tcp = ActorRefs.Nobody;
    private bool _open;
    private bool _ended;

    public TcpTransport(EndPoint server, TimeSpan connectTimeout)
    {
        _server = server;
        _connectTimeout = connectTimeout;
        Receive<Tcp.Connected>(OnConnected);
        Receive<Tcp.CommandFailed>(OnConnectFailed);
    }

    public static Props Props(EndPoint server, TimeSpan connectTimeout) =>
        Akka.Actor.Props.Create(() => new TcpTransport(server, connectTimeout));

    protected override void PreStart() =>
        Context.System.Tcp().Tell(new Tcp.Connect(_server, timeout: _connectTimeout));

    protected override void PostStop()
    {
        if (_open) _tcp.Tell(Tcp.Abort.Instance);
    }

    private void Connected()
    {
        Receive<Tcp.Received>(received => Context.Parent.Tell(new TransportReceived(received.Data)));
        Receive<TransportWrite>(write => _tcp.Tell(Tcp.Write.Create(ByteString.FromBytes(write.Data))));
        Receive<TransportClose>(_ => _tcp.Tell(Tcp.Close.Instance));
        Receive<Tcp.ConnectionClosed>(OnConnectionClosed);
        Receive<Tcp.CommandFailed>(OnWriteFailed);
        Receive<Terminated>(_ => End(ConnectionEndKind.Lost, "the connection actor stopped"));
    }

    private void OnConnected(Tcp.Connected connected)
    {
        _tcp = Sender;
        _open = true;
        _tcp.Tell(new Tcp.Register(Self));
        // The connection actor dying without a ConnectionClosed still means the end.
        Context.Watch(_tcp);
        Become(Connected);
        Context.Parent.Tell(new TransportConnected(connected.RemoteAddress));
    }

    private void OnConnectFailed(Tcp.CommandFailed failed)
    {
        // Akka.IO's cause text is written for developers; keep it in the log, not on screen.
        _log.Debug("connect to {0} failed: {1}", _server, failed.CauseString);
        End(ConnectionEndKind.ConnectFailed, "refused, unreachable or timed out");
    }

    private void OnConnectionClosed(Tcp.ConnectionClosed closed)
    {
        _open = false;
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
        // would leave the user talking into a void, so give up on the connection (PostStop aborts it).
        _log.Warning("write failed: {0}", failed.CauseString);
        End(ConnectionEndKind.Lost, "a write to the server failed");
    }

    private void End(ConnectionEndKind kind, string detail)
    {
        if (_ended) return;
        _ended = true;
        Context.Parent.Tell(new TransportEnded(kind, detail));
        Context.Stop(Self);
    }
}
