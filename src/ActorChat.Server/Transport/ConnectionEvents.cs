using ActorChat.Messages.Framing;
using Akka.IO;

namespace ActorChat.Server.Transport;

/// <summary>What a <see cref="ClientConnection"/> tells its session, whatever the transport.</summary>
public abstract record ConnectionEvent;

/// <summary>Bytes of a stream transport (TCP, TLS): frames end at LF, anywhere in them.</summary>
public sealed record BytesReceived(ByteString Data) : ConnectionEvent;

/// <summary>One whole frame of a message transport (WebSocket), or the news that it was too large or not text.</summary>
public sealed record FrameReceived(FrameResult Frame) : ConnectionEvent;

/// <summary>A write was refused: the client does not read, and the connection's queue is full.</summary>
public sealed record WriteRefused : ConnectionEvent
{
    public static readonly WriteRefused Instance = new();
}

/// <summary>The connection has ended (closed by either side, reset, broken); nothing more will be read or written.</summary>
public sealed record ConnectionEnded(string Detail) : ConnectionEvent;

/// <summary>
/// A write the connection has put on the wire: the next may go. An Akka.IO event, because
/// Akka.IO's own connection sends it back as it is; the other transports send it too.
/// </summary>
public sealed class WriteAck : Tcp.Event
{
    public static readonly WriteAck Instance = new();
    private WriteAck() { }
}
