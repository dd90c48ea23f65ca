using Akka.IO;

namespace ActorChat.Server.Network;

/// <summary>
/// Flow control for one connection's writes, without actors. At most one write is in
/// flight (Akka.IO acknowledges it); frames that arrive meanwhile wait here and go
/// out together as one write. What waits (queued plus in flight) is bounded: past the
/// bound, <see cref="Enqueue"/> refuses and the session drops the slow reader.
/// </summary>
/// <remarks>
/// Akka.IO's connection actor would queue every write without limit; a client that
/// stops reading would then grow the server's memory for ever.
/// </remarks>
public sealed class OutboundBuffer
{
    private readonly long _maxPendingBytes;
    // What is queued, in order: the first frame, then the rest. Most batches are one frame, and
    // an idle connection has none, so the list exists only while a burst waits.
    private ByteString? _first;
    private List<ByteString>? _rest;
    private long _queuedBytes;
    private long _inFlightBytes;

    public OutboundBuffer(long maxPendingBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingBytes, 1);
        _maxPendingBytes = maxPendingBytes;
    }

    /// <summary>Bytes queued and in flight.</summary>
    public long PendingBytes => _queuedBytes + _inFlightBytes;

    public bool IsWriteInFlight => _inFlightBytes > 0;

    /// <summary>A list holds frames after the first (for tests: it exists only while a burst waits).</summary>
    internal bool HoldsList => _rest is not null;

    /// <summary>Nothing queued and nothing in flight.</summary>
    public bool IsDrained => PendingBytes == 0;

    /// <summary>Queues a frame; false (and nothing queued) when that would pass the bound.</summary>
    public bool Enqueue(ByteString frame)
    {
        if (PendingBytes + frame.Count > _maxPendingBytes) return false;
        EnqueueUnbounded(frame);
        return true;
    }

    /// <summary>Queues a frame whatever the bound (the last words of a closing session).</summary>
    public void EnqueueUnbounded(ByteString frame)
    {
        if (_first is null) _first = frame;
        else (_rest ??= new()).Add(frame);
        _queuedBytes += frame.Count;
    }

    /// <summary>Drops what is queued but not yet handed to the socket.</summary>
    public void DropQueued()
    {
        _first = null;
        _rest = null;
        _queuedBytes = 0;
    }

    /// <summary>
    /// When no write is in flight and something is queued: everything queued, as one
    /// write, now counted as in flight. Otherwise null.
    /// </summary>
    public ByteString? TakeBatch() => IsWriteInFlight ? null : TakeQueued();

    /// <summary>
    /// Everything queued as one write, now counted as in flight, even behind a write in flight
    /// (the last words of a closing session); null when nothing is queued.
    /// </summary>
    public ByteString? TakeQueued()
    {
        if (_first is null) return null;
        ByteString batch;
        if (_rest is null)
        {
            batch = _first;
        }
        else
        {
            // One contiguous buffer: Akka.IO sends a composite ByteString one segment per
            // socket call, so a batch of many small frames would still cost a call per frame.
            var bytes = new byte[_queuedBytes];
            var offset = _first.CopyTo(bytes, 0, _first.Count);
            foreach (var frame in _rest) offset += frame.CopyTo(bytes, offset, frame.Count);
            batch = ByteString.FromBytes(bytes);
        }
        _first = null;
        _rest = null;
        _inFlightBytes += _queuedBytes;
        _queuedBytes = 0;
        return batch;
    }

    /// <summary>The write in flight was acknowledged.</summary>
    public void Acknowledge() => _inFlightBytes = 0;
}
