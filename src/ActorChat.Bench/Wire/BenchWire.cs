namespace ActorChat.Bench;

/// <summary>
/// What a load client's bytes travel over, chosen at connect time (<c>--transport</c>): plain TCP
/// (<see cref="TcpWire"/>, the default and the fast path: it forwards straight to the socket), TLS
/// (<see cref="TlsWire"/>) or a WebSocket (<see cref="WebSocketWire"/>). Every wire looks like the
/// line stream of plain TCP to the client: a WebSocket's text messages come in as lines.
/// </summary>
public abstract class BenchWire : IDisposable
{
    /// <summary>Reads what has arrived into <paramref name="buffer"/>; 0 when the server has closed.</summary>
    public abstract ValueTask<int> ReceiveAsync(Memory<byte> buffer);

    /// <summary>Sends <paramref name="lines"/>: one or more whole frames, each ending with LF.</summary>
    public abstract ValueTask SendAsync(ReadOnlyMemory<byte> lines);

    public abstract void Dispose();

    /// <summary>Exceptions a wire throws when the connection is gone or disposed under a read or write.</summary>
    public static bool IsClosed(Exception e) =>
        e is System.Net.Sockets.SocketException or ObjectDisposedException or IOException
            or System.Net.WebSockets.WebSocketException or OperationCanceledException;
}
