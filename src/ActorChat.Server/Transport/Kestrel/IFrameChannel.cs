using Akka.IO;

namespace ActorChat.Server.Transport.Kestrel;

/// <summary>
/// A Kestrel connection as <see cref="ChannelConnection"/> drives it: a read loop that reports
/// what arrives, writes of whole frames, a clean close and an abort. One read loop and one write
/// at a time; the actor sees to that.
/// </summary>
public interface IFrameChannel
{
    /// <summary>
    /// Reads until the client ends the connection, telling <paramref name="received"/> each event
    /// (<see cref="BytesReceived"/> on a stream, <see cref="FrameReceived"/> on a message transport).
    /// Returns how it ended, in words for the log; throws when it broke.
    /// </summary>
    Task<string> ReadAsync(Action<ConnectionEvent> received, CancellationToken cancellation);

    /// <summary>Writes frames, each ending in LF, in order; completes when the transport has taken them.</summary>
    Task WriteAsync(IReadOnlyList<ByteString> frames, CancellationToken cancellation);

    /// <summary>
    /// Ends the sending side cleanly, after what is written. True when that ended the connection
    /// (TLS has no half-close); false when the client is to close its side, which ends the read
    /// (a WebSocket's close handshake).
    /// </summary>
    Task<bool> CloseAsync(CancellationToken cancellation);

    /// <summary>Drops the connection at once; safe to call more than once, from any thread.</summary>
    void Abort();
}
