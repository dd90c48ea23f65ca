namespace ActorChat.Server.Network;

// Messages that other actors send to a ClientSession.

/// <summary>The server is stopping: say <c>bye shutdown</c> and close.</summary>
public sealed class ServerStopping
{
    public static readonly ServerStopping Instance = new();
    private ServerStopping() { }
}

