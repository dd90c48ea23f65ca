using ActorChat.Messages.Events;

namespace ActorChat.Server.Delivery;

/// <summary>
/// A complete, already-encoded frame (or several) for a session to write to its client as it is.
/// Plain bytes, so that it can come from a room or a conversation on another node.
/// </summary>
public sealed record Deliver(byte[] Frames)
{
    /// <summary>Encodes <paramref name="e"/> once, ready to write.</summary>
    public static Deliver Of(ServerEvent e) => new(WireFrames.Bytes(e));
}
