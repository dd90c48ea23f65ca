namespace ActorChat.Messages.Framing;

/// <summary>
/// Frames a message transport (WebSocket, PROTOCOL.md "Transports"): each text message is
/// exactly one frame, with no LF needed and one trailing LF (CR LF) allowed. A message may come
/// in fragments; it is held up to the frame limit and no further: one that passes the limit is
/// reported once as <see cref="FrameResult.TooLarge"/> as soon as it does, and the rest of it is
/// dropped as it arrives. A binary message is <see cref="FrameResult.NotText"/>. A message of
/// spaces and tabs only is blank and ignored, as a blank line is on TCP.
/// </summary>
/// <remarks>Pure and single-threaded, like <see cref="LineFramer"/>.</remarks>
public sealed class MessageFramer
{
    private const byte Lf = (byte)'\n';
    private const byte Cr = (byte)'\r';

    private readonly int _maxFrameBytes;
    private byte[] _buffer = [];
    private int _buffered;
    private bool _discarding;
    private bool _binary;

    public MessageFramer(int maxFrameBytes = ProtocolInfo.DefaultMaxFrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 1);
        _maxFrameBytes = maxFrameBytes;
    }

    /// <summary>Bytes held for the message being read (bounded by the limit plus CR LF).</summary>
    public int BufferedBytes => _buffered;

    /// <summary>
    /// Feeds the next fragment of the current message (<paramref name="isText"/> as the message
    /// said). Returns a result when there is one: the frame at the end of a message, or the news
    /// that it is too large (once) or not text (once, at its end); null otherwise.
    /// </summary>
    public FrameResult? Feed(ReadOnlySpan<byte> fragment, bool isText, bool endOfMessage)
    {
        FrameResult? result = null;
        if (!isText) _binary = true;
        else if (!_discarding && !_binary)
        {
            if (_buffered + fragment.Length > _maxFrameBytes + 2)
            {
                _discarding = true;
                _buffered = 0;
                result = FrameResult.TooLarge;
            }
            else
            {
                if (_buffer.Length < _buffered + fragment.Length)
                    Array.Resize(ref _buffer, Math.Min(_maxFrameBytes + 2, Math.Max(_buffered + fragment.Length, Math.Max(256, _buffer.Length * 2))));
                fragment.CopyTo(_buffer.AsSpan(_buffered));
                _buffered += fragment.Length;
            }
        }
        if (!endOfMessage) return result;

        if (_binary) result = FrameResult.NotText;
        else if (!_discarding) result = Complete(_buffer.AsSpan(0, _buffered));
        _buffered = 0;
        _discarding = false;
        _binary = false;
        if (_buffer.Length > 4096) _buffer = []; // an idle connection does not keep a large buffer
        return result;
    }

    private FrameResult? Complete(ReadOnlySpan<byte> message)
    {
        if (message.Length > 0 && message[^1] == Lf)
        {
            message = message[..^1];
            if (message.Length > 0 && message[^1] == Cr) message = message[..^1];
        }
        if (message.Length > _maxFrameBytes) return FrameResult.TooLarge;
        if (message.TrimStart(" \t"u8).IsEmpty) return null;
        return new FrameResult(message.ToArray());
    }
}
