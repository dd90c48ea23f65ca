namespace ActorChat.Bench;

/// <summary>What an <c>ack</c> client does with a frame it receives.</summary>
public enum AckFrameKind
{
    /// <summary>Its own copy of one of its posts, with the post's integer id as <c>ref</c>: the acknowledgement.</summary>
    OwnCopy,

    /// <summary>Another member's message in its room (no <c>ref</c>): read and dropped.</summary>
    OtherMessage,

    /// <summary>Anything else (welcome, history, joined, left, error, bye): worth a JSON reader.</summary>
    Control,
}

/// <summary>
/// Sorts the frames an <c>ack</c> client receives on their bytes, where they lie in the receive
/// buffer: in rooms of K each client reads K messages per post of its own, so the others' copies
/// must cost next to nothing. It relies on how ActorChat writes a message (docs/protocol.md:
/// compact, <c>"type"</c> first, <c>ref</c> last): <c>{"type":"message",…,"ref":N}</c>.
/// Inside a JSON string every quote is escaped, so <c>"ref":</c> right before the closing brace
/// can only be the field.
/// </summary>
public static class AckFrames
{
    private static readonly byte[] MessagePrefix = "{\"type\":\"message\""u8.ToArray();
    private static readonly byte[] RefKey = ",\"ref\":"u8.ToArray();

    /// <param name="reference">For <see cref="AckFrameKind.OwnCopy"/>, the post's id.</param>
    public static AckFrameKind Classify(ReadOnlySpan<byte> frame, out long reference)
    {
        reference = 0;
        if (!frame.StartsWith(MessagePrefix)) return AckFrameKind.Control;
        if (frame.Length == 0 || frame[^1] != (byte)'}') return AckFrameKind.OtherMessage;
        var digits = frame.Length - 1;
        while (digits > 0 && (uint)(frame[digits - 1] - '0') <= 9) digits--;
        var count = frame.Length - 1 - digits;
        if (count is 0 or > 18 || !frame[..digits].EndsWith(RefKey)) return AckFrameKind.OtherMessage;
        foreach (var b in frame.Slice(digits, count)) reference = reference * 10 + (b - '0');
        return AckFrameKind.OwnCopy;
    }
}
