using ActorChat.Messages;
using ActorChat.Messages.Events;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Network;

// Messages that other actors send to a ClientSession.

/// <summary>A complete, already-encoded frame to write to the client as it is.</summary>
/// <remarks>Rooms encode a broadcast once and send the same bytes to every member.</remarks>
public sealed record Deliver(ByteString Frame)
{
    /// <summary>Encodes <paramref name="e"/> once, ready to write.</summary>
    public static Deliver Of(ServerEvent e) => new(ByteString.FromBytes(ProtocolSerializer.EncodeEvent(e)));
}

/// <summary>The session is now a member of a room; further posts go straight to <paramref name="Room"/>.</summary>
public sealed record RoomJoined(string Key, string Name, IActorRef Room);

/// <summary>The server is stopping: say <c>bye shutdown</c> and close.</summary>
public sealed class ServerStopping
{
    public static readonly ServerStopping Instance = new();
    private ServerStopping() { }
}

/// <summary>Akka.IO acknowledgement of one write: the next batch may go.</summary>
public sealed class WriteAck : Tcp.Event
{
    public static readonly WriteAck Instance = new();
    private WriteAck() { }
}
