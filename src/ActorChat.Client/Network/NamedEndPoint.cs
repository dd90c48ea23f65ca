using System.Net;

namespace ActorChat.Client.Network;

/// <summary>
/// An address a host name resolved to, remembering the name: TLS checks the server's
/// certificate against the name the user gave (and sends it as SNI), not against the address.
/// </summary>
/// <remarks>
/// Connects, compares and prints as the plain <see cref="IPEndPoint"/> it is, so plain TCP
/// (Akka.IO) and every message that names a server are as before.
/// </remarks>
public sealed class NamedEndPoint : IPEndPoint
{
    public NamedEndPoint(string host, IPAddress address, int port) : base(address, port) => Host = host;

    /// <summary>The host as given: a name, or an address in text.</summary>
    public string Host { get; }

    /// <summary>The name to check a server's certificate against: the host given, else the address.</summary>
    public static string HostOf(EndPoint endPoint) => endPoint switch
    {
        NamedEndPoint named => named.Host,
        DnsEndPoint dns => dns.Host,
        IPEndPoint ip => ip.Address.ToString(),
        _ => endPoint.ToString() ?? string.Empty,
    };
}
