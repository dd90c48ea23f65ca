using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Framing;
using ActorChat.Server.Transport;

namespace ActorChat.Server.Network;

/// <summary>
/// The reading half of a session, without actors: bytes in, requests out, one at a time.
/// Frames wait here until the session takes them (it does not while a name claim is pending),
/// then each is decoded and rate-limited. A frame that is too large, unreadable or over the
/// rate is a strike; too many strikes in a burst mean the client is flooding.
/// </summary>
/// <remarks>
/// stream = *(frame LF); each frame one request (docs/protocol.md). A message transport
/// (WebSocket) frames its messages itself and feeds whole frames.
/// A server holds many idle readers (docs/benchmarks.md, "Idle connections"), so what an idle
/// one does not need exists only while it is needed: the framer while a frame is partly read,
/// the list while frames wait, the strike bucket from the first strike (a bucket made then is
/// full, as one made at the start would be by then). An unlimited rate needs no bucket of its own.
/// </remarks>
public sealed class RequestReader(ServerLimits limits)
{
    private readonly TokenBucket _rate = TokenBucket.Create(limits.RatePerSecond, limits.RateBurst, limits.Clock);
    private LineFramer? _framer;
    private List<FrameResult>? _waiting;
    private int _next;
    private TokenBucket? _strikes;

    /// <summary>Something is held between reads: a partial frame, or frames waiting (for tests).</summary>
    internal bool HoldsState => _framer is not null || _waiting is not null;

    /// <summary>Frames every complete line of <paramref name="data"/>; they wait for <see cref="TryTake"/>.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        var framer = _framer ?? new LineFramer(limits.MaxFrameBytes);
        var waiting = _waiting ?? new List<FrameResult>();
        framer.Feed(data, waiting);
        _framer = framer.IsBetweenFrames ? null : framer;
        _waiting = waiting.Count > _next ? waiting : null;
    }

    /// <summary>A frame a message transport has framed already (WebSocket): it waits for <see cref="TryTake"/>.</summary>
    public void Feed(FrameResult frame)
    {
        var waiting = _waiting ?? new List<FrameResult>();
        waiting.Add(frame);
        _waiting = waiting;
    }

    /// <summary>
    /// Feeds what the connection read: the bytes of a stream transport, or a frame a message
    /// transport framed. False, and nothing fed, for any other event (or none).
    /// </summary>
    public bool Feed(ConnectionEvent? read)
    {
        switch (read)
        {
            case BytesReceived bytes:
                Feed(bytes.Data.ToReadOnlySpan());
                return true;
            case FrameReceived frame:
                Feed(frame.Frame);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The session is ending: frames not taken yet, and a partial one, are dropped.</summary>
    public void DiscardWaiting()
    {
        _framer = null;
        _waiting = null;
        _next = 0;
    }

    /// <summary>The next waiting frame as a request, or as the error to answer it with; false when none waits.</summary>
    public bool TryTake(out InboundFrame inbound)
    {
        if (_waiting is null)
        {
            inbound = default;
            return false;
        }
        var frame = _waiting[_next++];
        if (_next == _waiting.Count)
        {
            _waiting = null;
            _next = 0;
        }
        inbound = Read(frame);
        return true;
    }

    private InboundFrame Read(FrameResult frame)
    {
        if (frame.IsTooLarge)
            return Strike(new(ErrorCodes.FrameTooLarge, $"frames are limited to {limits.MaxFrameBytes} bytes; the line was discarded"));
        if (frame.IsNotText)
            return Strike(new(ErrorCodes.BadJson, "a binary message is not a frame: send each frame as a text message"));

        var decoded = ProtocolSerializer.DecodeRequest(frame.Line);
        if (decoded.Error is not null) return Strike(decoded.Error);
        var request = decoded.Value!;
        if (!_rate.TryTake())
            return Strike(new(ErrorCodes.RateLimited, $"more than {limits.RatePerSecond} requests per second; this one was dropped", request.Id));
        return new InboundFrame(request, null, Flooding: false);
    }

    private InboundFrame Strike(ProtocolError error)
    {
        _strikes ??= TokenBucket.Create(limits.FloodForgivePerSecond, limits.FloodStrikes, limits.Clock);
        return new(null, error, Flooding: !_strikes.TryTake());
    }
}

/// <summary>
/// One frame as read: a request, or the error that answers it. <paramref name="Flooding"/>: this
/// error was one strike too many (the session ends with <c>bye flood</c>).
/// </summary>
public readonly record struct InboundFrame(ClientRequest? Request, ProtocolError? Error, bool Flooding);
