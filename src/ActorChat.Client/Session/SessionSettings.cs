using System.Net;
using ActorChat.Client.Network;

namespace ActorChat.Client.Session;

/// <summary>How a <see cref="ChatSession"/> runs.</summary>
/// <param name="Server">Where the server listens.</param>
/// <param name="InitialName">The name from the command line; null to ask for one.</param>
/// <param name="PingInterval">How often the connection pings to stay clear of the idle timeout.</param>
/// <param name="QuitTimeout">How long to wait for the server to answer <c>quit</c> before giving up.</param>
public sealed record SessionSettings(EndPoint Server, string? InitialName, TimeSpan PingInterval, TimeSpan QuitTimeout)
{
    public static readonly TimeSpan DefaultQuitTimeout = TimeSpan.FromSeconds(5);

    public SessionSettings(EndPoint server, string? initialName)
        : this(server, initialName, ChatConnection.DefaultPingInterval, DefaultQuitTimeout)
    {
    }
}
