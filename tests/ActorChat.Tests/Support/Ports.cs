using System.Net;
using System.Net.Sockets;

namespace ActorChat.Tests.Support;

public static class Ports
{
    /// <summary>
    /// A loopback port free right now, for a server that must come back on the same port after a
    /// restart (port 0 would give a new one each time).
    /// </summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
