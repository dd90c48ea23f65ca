using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Framing;

namespace ActorChat.Client.Network;

/// <summary>
/// The bytes a server sends, as what they mean: each whole frame decoded to a
/// <see cref="ServerEvent"/>, or an <see cref="UnreadableFrame"/> when it cannot be read; the
/// same however the bytes are split and whatever transport brought them.
/// </summary>
/// <remarks>Plain state for <see cref="ChatConnection"/>.</remarks>
public sealed class ServerFrameReader
{
    private readonly LineFramer _framer = new();
    private readonly List<FrameResult> _frames = [];
    private readonly List<object> _read = [];

    /// <summary>The reason of the last <c>bye</c> read, if any.</summary>
    public string? LastByeReason { get; private set; }

    /// <summary>
    /// Feeds the next bytes; returns what the frames they complete say, in order
    /// (<see cref="ServerEvent"/>s and <see cref="UnreadableFrame"/>s). The list is reused by the next call.
    /// </summary>
    public IReadOnlyList<object> Read(ReadOnlySpan<byte> data)
    {
        _frames.Clear();
        _read.Clear();
        _framer.Feed(data, _frames);
        foreach (var frame in _frames)
        {
            if (frame.IsTooLarge)
            {
                _read.Add(new UnreadableFrame(new ProtocolError(ErrorCodes.FrameTooLarge, "the server sent a frame larger than the limit")));
                continue;
            }
            var decoded = ProtocolSerializer.DecodeEvent(frame.Line);
            if (decoded.Value is { } serverEvent)
            {
                if (serverEvent is ByeEvent bye) LastByeReason = bye.Reason;
                _read.Add(serverEvent);
            }
            else
            {
                _read.Add(new UnreadableFrame(decoded.Error!));
            }
        }
        return _read;
    }
}
