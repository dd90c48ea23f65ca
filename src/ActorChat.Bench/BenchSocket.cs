using System.Net;
using System.Net.Sockets;

namespace ActorChat.Bench;

/// <summary>How every load client opens its TCP connection.</summary>
public static class BenchSocket
{
    /// <summary>
    /// Connects to <paramref name="server"/> with Nagle off, from <paramref name="source"/> when given
    /// (spreading clients over loopback addresses stretches per-address limits and ephemeral ports).
    /// </summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint server, IPAddress? source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null) socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(server);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
