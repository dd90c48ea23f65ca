using ActorChat.Messages;
using ActorChat.Messages.Events;
using Akka.IO;

namespace ActorChat.Server.Delivery;

/// <summary>A complete, already-encoded frame for a session to write to its client as it is.</summary>
public sealed record Deliver(ByteString Frame)
{
    /// <summary>Encodes <paramref name="e"/> once, ready to write.</summary>
    public static Deliver Of(ServerEvent e) => new(WireFrames.Of(e));
}
