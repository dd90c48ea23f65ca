using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Transport.AkkaIo;

/// <summary>
/// Plain TCP: Akka.IO's connection actor, spoken to in its own terms. Its queue for writes without
/// acknowledgement is bounded by <c>akka.io.tcp.write-commands-queue-max-size</c> (set from
/// <see cref="ServerLimits.MaxPendingWriteBytes"/>); past it a write fails back to the session.
/// </summary>
public sealed record AkkaIoConnection(IActorRef Actor) : ClientConnection(Actor)
{
    public override TransportKind Kind => TransportKind.Tcp;

    public override void Register(IActorRef session) => Actor.Tell(new Tcp.Register(session));

    public override void Write(ByteString frames, IActorRef sender, bool acknowledge = false) =>
        Actor.Tell(acknowledge ? Tcp.Write.Create(frames, WriteAck.Instance) : Tcp.Write.Create(frames), sender);

    // ConfirmedClose, not Close: half-close and let the client close its side, so the last
    // frame is never lost to a reset. A client that never closes is aborted by its session.
    public override void Close(IActorRef sender) => Actor.Tell(Tcp.ConfirmedClose.Instance, sender);

    public override void Abort(IActorRef sender) => Actor.Tell(Tcp.Abort.Instance, sender);

    public override ConnectionEvent? Read(object message) => message switch
    {
        Tcp.Received received => new BytesReceived(received.Data),
        Tcp.CommandFailed { Cmd: Tcp.WriteCommand } => WriteRefused.Instance,
        Tcp.CommandFailed failed => new ConnectionEnded($"{failed.Cmd.GetType().Name} failed"),
        Tcp.ErrorClosed error => new ConnectionEnded("broke: " + error.Cause),
        Tcp.ConnectionClosed closed => new ConnectionEnded(closed.GetType().Name),
        _ => null,
    };
}
