namespace ActorChat.Client.Session;

/// <summary>Timer: the backoff delay is over, try to connect again.</summary>
internal sealed class ReconnectNow
{
    public static readonly ReconnectNow Instance = new();
}
