using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Transport;

/// <summary>What carries a client's frames.</summary>
public enum TransportKind
{
    /// <summary>Plain TCP through Akka.IO.</summary>
    Tcp,

    /// <summary>TLS over TCP (Kestrel): the same line stream, encrypted.</summary>
    Tls,

    /// <summary>WebSocket (Kestrel): one frame per text message.</summary>
    WebSocket,
}

/// <summary>
/// One client connection, whatever carries it: the port sessions and rooms write through. Its
/// events reach the session that <see cref="Register"/>ed, and mean what <see cref="Read"/> says:
/// bytes or frames arrived, a write was refused, the connection ended. Writes are flow-controlled:
/// one acknowledged write at a time from the session (<see cref="WriteAck"/>); writes without an
/// acknowledgement (a room's) queue in the connection up to a bound, past which the connection
/// refuses them back to the writer's session (<see cref="WriteRefused"/>).
/// </summary>
/// <remarks>
/// Plain data around the connection's actor, so that it can travel in a room member's port to
/// another node and back (it is used only on its own node). Plain TCP is Akka.IO's own connection
/// actor (<see cref="AkkaIo.AkkaIoConnection"/>: no actor of ours in between, so a room's write is
/// one message); TLS and WebSocket are actors of ours around a Kestrel connection
/// (<see cref="Kestrel.ChannelConnection"/>).
/// </remarks>
/// <param name="Actor">The actor that owns the socket.</param>
public abstract record ClientConnection(IActorRef Actor)
{
    public abstract TransportKind Kind { get; }

    /// <summary>From now on the connection's events go to <paramref name="session"/>.</summary>
    public abstract void Register(IActorRef session);

    /// <summary>
    /// Writes complete frames, each ending in LF; <paramref name="sender"/> is the session the
    /// writer acts for: it gets the <see cref="WriteAck"/> when <paramref name="acknowledge"/>, and
    /// the refusal when the connection's queue is full.
    /// </summary>
    public abstract void Write(ByteString frames, IActorRef sender, bool acknowledge = false);

    /// <summary>Closes once what is written has gone out (the client sees a clean end).</summary>
    public abstract void Close(IActorRef sender);

    /// <summary>Drops the connection at once.</summary>
    public abstract void Abort(IActorRef sender);

    /// <summary>What a message from this connection means to its session; null: not one of its events.</summary>
    public abstract ConnectionEvent? Read(object message);
}
