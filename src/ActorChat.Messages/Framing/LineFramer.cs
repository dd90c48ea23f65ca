namespace ActorChat.Messages.Framing;

/// <summary>
/// What a framer produced: one complete frame, or the news that a frame was too large (or, on a
/// message transport, that a message was not text).
/// </summary>
public readonly record struct FrameResult(byte[]? Line, bool IsNotText = false)
{
    public static readonly FrameResult TooLarge = new(null);

    /// <summary>A WebSocket binary message: frames are text.</summary>
    public static readonly FrameResult NotText = new(null, IsNotText: true);

    public bool IsTooLarge => Line is null && !IsNotText;
}

/// <summary>
/// Splits a TCP byte stream into LF-terminated frames (PROTOCOL.md, "Transport and framing").
/// </summary>
/// <remarks>
/// <code>
/// stream = *( frame / blank ) ; frame = 1*max(non-LF byte) [CR] LF ; blank = *(SP / HTAB) [CR] LF
/// </code>
/// Bytes may arrive in any split: a frame across many reads, many frames in one read.
/// A line longer than the limit is reported once as <see cref="FrameResult.TooLarge"/> as
/// soon as it passes the limit, and the rest of it is discarded as it arrives, up to its LF:
/// memory per connection never exceeds the limit, however long the line.
/// The framer knows nothing of JSON or UTF-8; it is pure and single-threaded.
/// </remarks>
public sealed class LineFramer
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';
    private const int InitialCapacity = 256;

    private readonly int _maxFrameBytes;
    private byte[] _buffer = [];
    private int _buffered;
    private bool _discarding;

    /// <param name="maxFrameBytes">Longest frame accepted, CR and LF excluded.</param>
    public LineFramer(int maxFrameBytes = ProtocolInfo.DefaultMaxFrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 1);
        _maxFrameBytes = maxFrameBytes;
    }

    /// <summary>Bytes held for an unfinished frame (bounded by the limit plus one).</summary>
    public int BufferedBytes => _buffered;

    /// <summary>
    /// Between frames: nothing held and no too-large line being discarded, so a new framer
    /// would go on exactly as this one (a reader may drop it until more bytes come).
    /// </summary>
    public bool IsBetweenFrames => _buffered == 0 && !_discarding;

    /// <summary>Feeds the next bytes of the stream; complete frames are appended to <paramref name="output"/>.</summary>
    public void Feed(ReadOnlySpan<byte> data, ICollection<FrameResult> output)
    {
        while (!data.IsEmpty)
        {
            var lf = data.IndexOf(Lf);
            var chunk = lf < 0 ? data : data[..lf];

            if (_discarding)
            {
                if (lf < 0) return;
                _discarding = false;
                data = data[(lf + 1)..];
                continue;
            }

            // One byte of slack for the CR that may precede the LF.
            if (_buffered + chunk.Length > _maxFrameBytes + 1)
            {
                output.Add(FrameResult.TooLarge);
                _buffered = 0;
                if (lf < 0)
                {
                    _discarding = true;
                    return;
                }
                data = data[(lf + 1)..];
                continue;
            }

            if (lf < 0)
            {
                Append(chunk);
                return;
            }

            if (_buffered == 0)
            {
                Emit(chunk, output);
            }
            else
            {
                Append(chunk);
                Emit(_buffer.AsSpan(0, _buffered), output);
                _buffered = 0;
            }
            data = data[(lf + 1)..];
        }
    }

    /// <summary>Convenience for tests and tools: feed and return what came out.</summary>
    public List<FrameResult> Feed(ReadOnlySpan<byte> data)
    {
        var output = new List<FrameResult>();
        Feed(data, output);
        return output;
    }

    private void Emit(ReadOnlySpan<byte> line, ICollection<FrameResult> output)
    {
        if (!line.IsEmpty && line[^1] == Cr) line = line[..^1];
        if (line.Length > _maxFrameBytes)
        {
            output.Add(FrameResult.TooLarge);
            return;
        }
        if (IsBlank(line)) return;
        output.Add(new FrameResult(line.ToArray()));
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (b != (byte)' ' && b != (byte)'\t') return false;
        return true;
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        var needed = _buffered + chunk.Length;
        if (needed > _buffer.Length)
        {
            var capacity = Math.Max(InitialCapacity, _buffer.Length * 2);
            while (capacity < needed) capacity *= 2;
            Array.Resize(ref _buffer, Math.Min(capacity, _maxFrameBytes + 1));
        }
        chunk.CopyTo(_buffer.AsSpan(_buffered));
        _buffered = needed;
    }
}
