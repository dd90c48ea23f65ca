using System.Net;
using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Metrics;
using Akka.Actor;
using Akka.Event;
using ActorChat.Server.Transport;
using ActorChat.Server.Transport.AkkaIo;
using Akka.IO;

namespace ActorChat.Server.Network;

/// <summary>
/// Binds the TCP port through Akka.IO and starts one <see cref="ClientSession"/> per
/// connection, TCP or from another transport (<see cref="ConnectionAccepted"/>), up to the
/// limits (<c>--max-clients</c>, <c>--max-per-address</c>, counted over every transport alike);
/// the rest get <c>bye server_full</c>. Tells the
/// idle-shutdown monitor how many sessions are open, and on <see cref="StopServer"/>
/// stops accepting and says <c>bye shutdown</c> to every session.
/// </summary>
public sealed class ChatListener : ReceiveActor, IWithTimers
{
    private sealed class StopGraceElapsed { public static readonly StopGraceElapsed Instance = new(); }

    private ServerLimits _limits;
    private readonly SessionRoutes _routes;
    private readonly IActorRef _sessionCountObserver;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _bindingWaiters = new();
    private readonly Dictionary<IActorRef, (IPAddress Address, TransportKind Kind)> _sessions = new();
    private readonly ChatMetrics _metrics = ChatMetrics.Of(Context.System);
    private readonly Dictionary<IPAddress, int> _perAddress = new();
    private object? _bindResult;
    private IActorRef? _stopRequester;
    private IActorRef? _listenSocket;

    public ChatListener(ServerLimits limits, SessionRoutes routes, IActorRef sessionCountObserver)
    {
        _limits = limits;
        _routes = routes;
        _sessionCountObserver = sessionCountObserver;

        Receive<Tcp.Bound>(OnBound);
        Receive<Tcp.CommandFailed>(OnBindFailed);
        Receive<Tcp.Connected>(connected => Admit(new AkkaIoConnection(Sender), connected.RemoteAddress));
        Receive<ConnectionAccepted>(accepted => Admit(accepted.Connection, accepted.Remote));
        Receive<Terminated>(OnSessionEnded);
        Receive<AwaitBinding>(_ => OnAwaitBinding());
        Receive<GetSessionCount>(_ => Sender.Tell(_sessions.Count));
        Receive<StopServer>(_ => OnStop());
        Receive<StopGraceElapsed>(_ => ReportStopped());
        Receive<ApplyLimits>(apply => _limits = apply.Limits);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="routes">Handed to every session: where its requests go.</param>
    public static Props Props(ServerLimits limits, SessionRoutes routes, IActorRef sessionCountObserver) =>
        Akka.Actor.Props.Create(() => new ChatListener(limits, routes, sessionCountObserver));

    /// <summary>A fault in a child drops the message and keeps the child's state (<see cref="Supervision"/>).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Supervision.ResumeOnFault();

    protected override void PreStart() =>
        Context.System.Tcp().Tell(new Tcp.Bind(Self, _limits.ListenEndPoint, backlog: 1024));

    private void OnBound(Tcp.Bound bound)
    {
        _listenSocket = Sender;
        _log.Info("ActorChat listening on {0}", bound.LocalAddress);
        Resolve(new ListenerBound((IPEndPoint)bound.LocalAddress));
    }

    private void OnBindFailed(Tcp.CommandFailed failed)
    {
        if (failed.Cmd is not Tcp.Bind) return;
        var reason = $"cannot listen on {_limits.ListenEndPoint}: {failed.CauseString}";
        _log.Error(reason);
        Resolve(new ListenerBindFailed(reason));
    }

    private void OnAwaitBinding()
    {
        if (_bindResult is not null) Sender.Tell(_bindResult);
        else _bindingWaiters.Add(Sender);
    }

    private void Resolve(object result)
    {
        _bindResult = result;
        foreach (var waiter in _bindingWaiters) waiter.Tell(result);
        _bindingWaiters.Clear();
    }

    private void Admit(ClientConnection connection, EndPoint remote)
    {
        if (_stopRequester is not null)
        {
            Reject(connection, ByeReasons.Shutdown, null);
            return;
        }
        var address = Normalize(((IPEndPoint)remote).Address);
        if (_perAddress.GetValueOrDefault(address) >= _limits.MaxPerAddress)
        {
            _log.Warning("Refused {0}: {1} connections from that address (--max-per-address)", remote, _limits.MaxPerAddress);
            var error = new ErrorEvent(ErrorCodes.ServerFull, $"too many connections from your address (at most {_limits.MaxPerAddress})");
            Reject(connection, ByeReasons.ServerFull, error);
            return;
        }
        if (_sessions.Count >= _limits.MaxClients)
        {
            _log.Warning("Refused {0}: {1} clients connected (--max-clients)", remote, _sessions.Count);
            var error = new ErrorEvent(ErrorCodes.ServerFull, $"the server is full ({_limits.MaxClients} clients); try again later");
            Reject(connection, ByeReasons.ServerFull, error);
            return;
        }

        _log.Info("{0} connected over {1}", remote, connection.Kind.ToString());
        var session = Context.ActorOf(CompactMailbox.Apply(ClientSession.Props(connection, remote, _limits, _routes), Context.System));
        Context.Watch(session);
        _sessions[session] = (address, connection.Kind);
        _perAddress[address] = _perAddress.GetValueOrDefault(address) + 1;
        _metrics.ConnectionOpened(connection.Kind);
        _sessionCountObserver.Tell(new ConnectionCountChanged(_sessions.Count));
    }

    /// <summary>A connection turned away before it has a session: <c>bye</c> <paramref name="reason"/>, after <paramref name="error"/> when given.</summary>
    private void Reject(ClientConnection connection, string reason, ErrorEvent? error)
    {
        _metrics.Disconnected(reason);
        Context.ActorOf(ConnectionRejecter.Props(connection, new ByeEvent(reason), error, _limits.CloseGrace));
    }

    private void OnSessionEnded(Terminated terminated)
    {
        if (!_sessions.Remove(terminated.ActorRef, out var session)) return;
        var address = session.Address;
        _metrics.ConnectionClosed(session.Kind);
        if (--_perAddress[address] == 0) _perAddress.Remove(address);
        _sessionCountObserver.Tell(new ConnectionCountChanged(_sessions.Count));
        if (_stopRequester is not null && _sessions.Count == 0) ReportStopped();
    }

    private void OnStop()
    {
        if (_stopRequester is not null) return;
        _stopRequester = Sender;
        // No Tcp.Unbind yet: Akka.IO's accepted connections are children of its listener
        // and would be reset with it, losing the bye. Newcomers are turned away instead;
        // the port closes once the sessions have ended.
        _log.Info("Shutting down: saying bye to {0} clients", _sessions.Count);
        foreach (var session in _sessions.Keys) session.Tell(ServerStopping.Instance);
        if (_sessions.Count == 0) ReportStopped();
        else Timers.StartSingleTimer("stop-grace", StopGraceElapsed.Instance, _limits.ShutdownGrace);
    }

    /// <summary>An IPv4 client seen through an IPv6 socket counts as its IPv4 address.</summary>
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private void ReportStopped()
    {
        if (_stopRequester is null || _stopRequester.IsNobody()) return;
        _listenSocket?.Tell(Tcp.Unbind.Instance);
        _stopRequester.Tell(new ServerStopped(_sessions.Count));
        _stopRequester = ActorRefs.Nobody;
    }
}
