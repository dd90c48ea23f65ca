using System.Net;
using Akka.Actor;

namespace ActorChat.Server.Transport.Kestrel;

/// <summary>
/// Where Kestrel's connections come into the actor system: each gets a <see cref="ChannelConnection"/>
/// and is handed to the listener, which admits it by the same limits as a TCP connection. Also
/// what <c>/readyz</c> reads first: whether the node is open for clients (<see cref="Hosting.ReadinessCheck"/>).
/// </summary>
public sealed class FrontDoor(long maxPendingWriteBytes)
{
    private readonly TaskCompletionSource<(ActorSystem System, IActorRef Listener)> _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closing;

    /// <summary>The listener is up: connections go to it from now on.</summary>
    public void Open(ActorSystem system, IActorRef listener) => _open.TrySetResult((system, listener));

    /// <summary>The server is stopping: not ready any more (the listener turns newcomers away).</summary>
    public void Closing() => _closing = true;

    public bool IsReady => _open.Task.IsCompletedSuccessfully && !_closing;

    public bool IsClosing => _closing;

    /// <summary>Serves one connection until it ends (Kestrel's handler returns then).</summary>
    public async Task ServeAsync(IFrameChannel channel, TransportKind kind, EndPoint remote, CancellationToken aborted)
    {
        var (system, listener) = await _open.Task.WaitAsync(aborted);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IActorRef actor;
        try
        {
            actor = system.ActorOf(ChannelConnection.Props(channel, maxPendingWriteBytes, ended));
        }
        catch (InvalidOperationException)
        {
            channel.Abort(); // the actor system has stopped
            return;
        }
        listener.Tell(new ConnectionAccepted(new KestrelConnection(actor, kind), remote));
        await ended.Task;
    }
}
