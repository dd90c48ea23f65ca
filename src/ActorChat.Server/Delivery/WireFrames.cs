using ActorChat.Messages;
using ActorChat.Messages.Events;
using Akka.IO;

namespace ActorChat.Server.Delivery;

/// <summary>Events as the bytes a client receives: the one place the server turns events into wire frames.</summary>
public static class WireFrames
{
    public static byte[] Bytes(ServerEvent e) => ProtocolSerializer.EncodeEvent(e);

    public static ByteString Of(ServerEvent e) => ByteString.FromBytes(Bytes(e));

    /// <summary>A room message as every member receives it, and (with a ref) as its sender does.</summary>
    public static (byte[] Shared, byte[]? Own) Of(ChatMessage message, RequestRef? reference)
    {
        var shared = ProtocolSerializer.EncodeEvent(message);
        return (shared, reference is null ? null : ProtocolSerializer.WithRef(shared, reference));
    }
}
