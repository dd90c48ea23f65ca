using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace ActorChat.Bench;

/// <summary>
/// A WebSocket to <c>/ws</c> (docs/protocol.md, "Transports"): each frame goes as one text message
/// without its LF, and each message received comes back as a line (its bytes, then an LF), so the
/// client reads it as it reads TCP.
/// </summary>
public sealed class WebSocketWire : BenchWire
{
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker _connector;

    private WebSocketWire(ClientWebSocket socket, HttpMessageInvoker connector)
    {
        _socket = socket;
        _connector = connector;
    }

    /// <summary>Connects over a socket of <see cref="BenchSocket"/> (source address, Nagle off); wss trusts any certificate.</summary>
    public static async Task<WebSocketWire> ConnectAsync(IPEndPoint server, IPAddress? source, bool secure)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, _) => new NetworkStream(await BenchSocket.ConnectAsync(server, source), ownsSocket: true),
            SslOptions = TlsWire.ClientOptions("localhost"),
        };
        var connector = new HttpMessageInvoker(handler);
        var socket = new ClientWebSocket();
        socket.Options.SetBuffer(receiveBufferSize: 64 * 1024, sendBufferSize: 16 * 1024); // reads of many messages at once, like the TCP client's
        try
        {
            var uri = new Uri($"{(secure ? "wss" : "ws")}://localhost:{server.Port}/ws");
            await socket.ConnectAsync(uri, connector, CancellationToken.None);
            return new WebSocketWire(socket, connector);
        }
        catch
        {
            socket.Dispose();
            connector.Dispose();
            throw;
        }
    }

    /// <summary>One message (or the part of it that fits), with an LF after its end; 0 at the server's close.</summary>
    public override async ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        if (buffer.Length < 2) throw new IOException("a message longer than the receive buffer");
        ValueWebSocketReceiveResult result;
        do result = await _socket.ReceiveAsync(buffer[..^1], CancellationToken.None);
        while (result.Count == 0 && !result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
        if (result.MessageType == WebSocketMessageType.Close) return 0;
        if (!result.EndOfMessage) return result.Count;
        buffer.Span[result.Count] = (byte)'\n';
        return result.Count + 1;
    }

    /// <summary>Each LF-ended frame of <paramref name="lines"/> as its own text message.</summary>
    public override async ValueTask SendAsync(ReadOnlyMemory<byte> lines)
    {
        while (!lines.IsEmpty)
        {
            var lf = lines.Span.IndexOf((byte)'\n');
            var end = lf < 0 ? lines.Length : lf;
            await _socket.SendAsync(lines[..end], WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            lines = lines[Math.Min(lines.Length, end + 1)..];
        }
    }

    public override void Dispose()
    {
        _socket.Abort();
        _socket.Dispose();
        _connector.Dispose();
    }
}
