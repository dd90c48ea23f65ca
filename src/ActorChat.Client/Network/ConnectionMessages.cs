using System.Net;
using ActorChat.Messages;

namespace ActorChat.Client.Network;

// What ChatConnection tells its sink besides the decoded ServerEvents themselves.

/// <summary>
/// The connection is up (over TLS: the handshake is done and the server's certificate accepted);
/// requests told before this were queued and are now sent.
/// </summary>
public sealed record ConnectionEstablished(EndPoint Remote);

/// <summary>A frame from the server could not be read; the connection stays open.</summary>
public sealed record UnreadableFrame(ProtocolError Error);

/// <summary>How a connection ended.</summary>
public enum ConnectionEndKind
{
    /// <summary>The connection could not be made at all.</summary>
    ConnectFailed,

    /// <summary>The server closed it (normally after a <c>bye</c>).</summary>
    ClosedByServer,

    /// <summary>The client closed it (<see cref="CloseConnection"/>).</summary>
    ClosedByClient,

    /// <summary>It broke: reset, I/O error, failed write.</summary>
    Lost,

    /// <summary>
    /// TLS: the server's certificate failed verification (untrusted, expired, for another name),
    /// so the connection was dropped in the handshake, before anything was sent.
    /// </summary>
    CertificateRejected,
}

/// <summary>
/// The connection is over and the <see cref="ChatConnection"/> has stopped.
/// <paramref name="ByeReason"/> is the reason of the last <c>bye</c> received, if any.
/// </summary>
public sealed record ConnectionEnded(ConnectionEndKind Kind, string Detail, string? ByeReason);

/// <summary>Ask <see cref="ChatConnection"/> to close the connection now (after pending writes).</summary>
public sealed record CloseConnection
{
    public static readonly CloseConnection Instance = new();
}
