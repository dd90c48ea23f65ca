using System.Net;

namespace ActorChat.Server.Transport;

/// <summary>
/// A transport other than Akka.IO's TCP (TLS, WebSocket) has a new client connection: the
/// listener admits it (or turns it away) by the same limits as a TCP one.
/// </summary>
public sealed record ConnectionAccepted(ClientConnection Connection, EndPoint Remote);
