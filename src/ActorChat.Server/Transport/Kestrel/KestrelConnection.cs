using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Transport.Kestrel;

/// <summary>
/// A TLS or WebSocket client: a <see cref="ChannelConnection"/> actor around a Kestrel connection,
/// spoken to in the seam's own terms. Its events are already <see cref="ConnectionEvent"/>s.
/// </summary>
public sealed record KestrelConnection(IActorRef Actor, TransportKind Transport) : ClientConnection(Actor)
{
    public override TransportKind Kind => Transport;

    public override void Register(IActorRef session) => Actor.Tell(new ChannelConnection.Register(session));

    public override void Write(ByteString frames, IActorRef sender, bool acknowledge = false) =>
        Actor.Tell(new ChannelConnection.Write(frames, acknowledge), sender);

    public override void Close(IActorRef sender) => Actor.Tell(ChannelConnection.Close.Instance, sender);

    public override void Abort(IActorRef sender) => Actor.Tell(ChannelConnection.Abort.Instance, sender);

    public override ConnectionEvent? Read(object message) => message as ConnectionEvent;
}
