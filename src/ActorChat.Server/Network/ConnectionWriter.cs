using ActorChat.Server.Transport;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Network;

/// <summary>
/// The writing half of a session: hands frames to the connection one acknowledged write at a
/// time (<see cref="OutboundBuffer"/> holds the rest, bounded), and closes the connection once
/// the last frame is written.
/// </summary>
public sealed class ConnectionWriter(ClientConnection connection, IActorRef session, long maxPendingBytes)
{
    private readonly OutboundBuffer _outbound = new(maxPendingBytes);

    /// <summary>The last frame has been queued; nothing more is written.</summary>
    public bool IsClosing { get; private set; }

    public long PendingBytes => _outbound.PendingBytes;

    /// <summary>Writes a frame; false (nothing written) when the client is too far behind.</summary>
    public bool TryWrite(ByteString frame)
    {
        if (IsClosing) return true;
        if (!_outbound.Enqueue(frame)) return false;
        Flush();
        return true;
    }

    /// <summary>
    /// Writes a last frame, after what is queued unless <paramref name="dropQueued"/>,
    /// then closes. Past the bound on purpose: a bye must get its chance.
    /// </summary>
    /// <remarks>
    /// What is left goes to the connection at once, without waiting for the write in flight (the
    /// connection keeps writes in order), and the close right behind it. Rooms write to the
    /// connection directly: a close that waited for an acknowledgement would let a room's frame
    /// in after the bye. Written after the close, it is dropped or refused, never sent.
    /// </remarks>
    public void WriteLastAndClose(ByteString frame, bool dropQueued)
    {
        if (IsClosing) return;
        IsClosing = true;
        if (dropQueued) _outbound.DropQueued();
        _outbound.EnqueueUnbounded(frame);
        if (_outbound.TakeQueued() is { } last) connection.Write(last, session, acknowledge: true); // the ack is not waited for
        connection.Close(session);
    }

    /// <summary>The connection acknowledged the write in flight.</summary>
    public void OnAck()
    {
        if (IsClosing) return;
        _outbound.Acknowledge();
        Flush();
    }

    /// <summary>Drops the connection at once.</summary>
    public void Abort() => connection.Abort(session);

    private void Flush()
    {
        if (_outbound.TakeBatch() is { } batch) connection.Write(batch, session, acknowledge: true);
    }
}
