using System.Net;
using Microsoft.AspNetCore.Connections;

namespace ActorChat.Server.Transport.Kestrel;

/// <summary>
/// Kestrel's handler of the TLS port: after Kestrel's TLS handshake, the connection carries the
/// same line protocol as plain TCP. A client that fails the handshake (plaintext, a wrong
/// version) never gets here: Kestrel closes it.
/// </summary>
public sealed class TlsLineHandler(FrontDoor door) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection) =>
        door.ServeAsync(new PipeFrameChannel(connection), TransportKind.Tls,
            connection.RemoteEndPoint ?? new IPEndPoint(IPAddress.None, 0), connection.ConnectionClosed);
}
