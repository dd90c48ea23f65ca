using ActorChat.Client.Network;
using ActorChat.Messages.Commands;
using Akka.Actor;

namespace ActorChat.Client.Session;

/// <summary>
/// The session's way to the server, across reconnects: a fresh <see cref="ChatConnection"/> for
/// each attempt (each to the next server of <see cref="ServerRotation"/>), requests to the
/// current one, and what it hears passed on to the session.
/// </summary>
/// <remarks>
/// The end of a connection that was already replaced is not passed on: an old connection may
/// report its end late, and the session would take it for the new one's.
/// </remarks>
public sealed class SessionConnection : ReceiveActor
{
    private readonly SessionSettings _settings;
    private readonly IActorRef _session;
    private readonly ServerRotation _servers;
    private IActorRef _current = ActorRefs.Nobody;
    private int _count;

    public SessionConnection(SessionSettings settings, IActorRef session)
    {
        _settings = settings;
        _session = session;
        _servers = new ServerRotation(settings.AllServers);
        Receive<OpenConnection>(_ => Open(_servers.Next()));
        Receive<ClientRequest>(request => _current.Tell(request));
        Receive<CloseConnection>(close => _current.Tell(close));
        Receive<ConnectionEnded>(OnConnectionEnded);
        ReceiveAny(heard => _session.Forward(heard));
    }

    public static Props Props(SessionSettings settings, IActorRef session) =>
        Akka.Actor.Props.Create(() => new SessionConnection(settings, session));

    /// <summary>A failing connection is reported to the session (for the error log), then Akka's usual decision.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(exception =>
        {
            _session.Tell(new ConnectionFault(exception));
            return Akka.Actor.SupervisorStrategy.DefaultDecider.Decide(exception);
        });

    protected override void PreStart() => Open(_servers.Current);

    private void Open(System.Net.EndPoint server) =>
        // A fresh name per connection: the old actor may still be stopping.
        _current = Context.ActorOf(
            ChatConnection.Props(server, Self, _settings.PingInterval, pongTimeout: _settings.PongTimeout, tls: _settings.Tls),
            _count++ == 0 ? "connection" : "connection-" + _count);

    private void OnConnectionEnded(ConnectionEnded ended)
    {
        if (Sender.Equals(_current)) _session.Forward(ended);
    }
}

/// <summary>To <see cref="SessionConnection"/>: replace the connection by a fresh one to the next server (a reconnect attempt).</summary>
public sealed class OpenConnection
{
    public static readonly OpenConnection Instance = new();
}

/// <summary>From <see cref="SessionConnection"/>: the connection actor failed with an exception.</summary>
public sealed record ConnectionFault(Exception Exception);
