using System.Net;
using Akka.IO;

namespace ActorChat.Client.Network;

// Between ChatConnection (the protocol) and the transport it chose (TcpTransport, TlsTransport):
// the transport moves bytes and says how it ended; it knows nothing of frames.

/// <summary>Transport to its parent: connected (for TLS, the handshake is done and the certificate accepted).</summary>
public sealed record TransportConnected(EndPoint Remote);

/// <summary>Transport to its parent: the next bytes from the server, in order.</summary>
public sealed record TransportReceived(ByteString Data);

/// <summary>Transport to its parent: the connection is over (or never was); the transport stops.</summary>
public sealed record TransportEnded(ConnectionEndKind Kind, string Detail);

/// <summary>To the transport: bytes to write, after those told before.</summary>
public sealed record TransportWrite(byte[] Data);

/// <summary>To the transport: close once the pending writes are out; it answers with <see cref="TransportEnded"/>.</summary>
public sealed class TransportClose
{
    public static readonly TransportClose Instance = new();
}
