using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Network;

// Messages that other actors send to a ClientSession.

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
