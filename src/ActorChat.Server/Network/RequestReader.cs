using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Framing;

namespace ActorChat.Server.Network;

/// <summary>
/// The reading half of a session, without actors: bytes in, requests out, one at a time.
/// Frames wait here until the session takes them (it does not while a name claim is pending),
/// then each is decoded and rate-limited. A frame that is too large, unreadable or over the
/// rate is a strike; too many strikes in a burst mean the client is flooding.
/// </summary>
/// <remarks>stream = *(frame LF); each frame one request (docs/protocol.md).</remarks>
public sealed class RequestReader(ServerLimits limits)
{
    private readonly LineFramer _framer = new(limits.MaxFrameBytes);
    private readonly List<FrameResult> _framed = new();
    private readonly Queue<FrameResult> _waiting = new();
    private readonly TokenBucket _rate = new(limits.RatePerSecond, limits.RateBurst, limits.Clock);
    private readonly TokenBucket _strikes = new(limits.FloodForgivePerSecond, limits.FloodStrikes, limits.Clock);

    /// <summary>Frames every complete line of <paramref name="data"/>; they wait for <see cref="TryTake"/>.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        _framer.Feed(data, _framed);
        foreach (var frame in _framed) _waiting.Enqueue(frame);
        _framed.Clear();
    }

    /// <summary>The next waiting frame as a request, or as the error to answer it with; false when none waits.</summary>
    public bool TryTake(out InboundFrame inbound)
    {
        if (!_waiting.TryDequeue(out var frame))
        {
            inbound = default;
            return false;
        }
        inbound = Read(frame);
        return true;
    }

    private InboundFrame Read(FrameResult frame)
    {
        if (frame.IsTooLarge)
            return Strike(new(ErrorCodes.FrameTooLarge, $"frames are limited to {limits.MaxFrameBytes} bytes; the line was discarded"));

        var decoded = ProtocolSerializer.DecodeRequest(frame.Line);
        if (decoded.Error is not null) return Strike(decoded.Error);
        var request = decoded.Value!;
        if (!_rate.TryTake())
            return Strike(new(ErrorCodes.RateLimited, $"more than {limits.RatePerSecond} requests per second; this one was dropped", request.Id));
        return new InboundFrame(request, null, Flooding: false);
    }

    private InboundFrame Strike(ProtocolError error) => new(null, error, Flooding: !_strikes.TryTake());
}

/// <summary>
/// One frame as read: a request, or the error that answers it. <paramref name="Flooding"/>: this
/// error was one strike too many (the session ends with <c>bye flood</c>).
/// </summary>
public readonly record struct InboundFrame(ClientRequest? Request, ProtocolError? Error, bool Flooding);
