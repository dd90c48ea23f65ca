using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Transport;
using Akka.Actor;

namespace ActorChat.Server.Network;

/// <summary>
/// Handles a connection the server will not serve (too many clients, or stopping): writes an
/// optional <c>error</c> and a <c>bye</c>, then closes. Gives up (aborts)
/// after the close grace if the peer does not take the bytes.
/// </summary>
public sealed class ConnectionRejecter : ReceiveActor, IWithTimers
{
    private sealed class AbortNow { public static readonly AbortNow Instance = new(); }

    private readonly ClientConnection _connection;
    private readonly ByeEvent _bye;
    private readonly ErrorEvent? _error;
    private readonly TimeSpan _grace;

    public ConnectionRejecter(ClientConnection connection, ByeEvent bye, ErrorEvent? error, TimeSpan grace)
    {
        _connection = connection;
        _bye = bye;
        _error = error;
        _grace = grace;
        Receive<WriteAck>(_ => _connection.Close(Self));
        Receive<AbortNow>(_ => _connection.Abort(Self));
        ReceiveAny(OnConnectionMessage); // whatever the client sends is not read
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ClientConnection connection, ByeEvent bye, ErrorEvent? error, TimeSpan grace) =>
        Akka.Actor.Props.Create(() => new ConnectionRejecter(connection, bye, error, grace));

    protected override void PreStart()
    {
        _connection.Register(Self);
        var frames = WireFrames.Of(_bye);
        if (_error is not null) frames = WireFrames.Of(_error).Concat(frames);
        _connection.Write(frames, Self, acknowledge: true);
        Timers.StartSingleTimer("abort", AbortNow.Instance, _grace);
    }

    private void OnConnectionMessage(object message)
    {
        if (_connection.Read(message) is ConnectionEnded or WriteRefused) Context.Stop(Self);
    }
}
