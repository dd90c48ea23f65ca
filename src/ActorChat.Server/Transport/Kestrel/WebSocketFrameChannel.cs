using System.Net.WebSockets;
using ActorChat.Messages.Framing;
using Akka.IO;

namespace ActorChat.Server.Transport.Kestrel;

/// <summary>
/// A WebSocket (RFC 6455) from Kestrel: each text message is one frame in (framed by
/// <see cref="MessageFramer"/>, within the same frame limit as TCP), and each frame written goes
/// out as its own text message, without its LF.
/// </summary>
public sealed class WebSocketFrameChannel(WebSocket socket, int maxFrameBytes) : IFrameChannel
{
    private const byte Lf = (byte)'\n';

    public async Task<string> ReadAsync(Action<ConnectionEvent> received, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        var framer = new MessageFramer(maxFrameBytes);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancellation);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // The client closed first: answer its close frame, as RFC 6455 asks.
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellation);
                return $"closed by the client ({socket.CloseStatus?.ToString() ?? "no status"})";
            }
            if (framer.Feed(buffer.AsSpan(0, result.Count), result.MessageType == WebSocketMessageType.Text, result.EndOfMessage) is { } frame)
                received(new FrameReceived(frame));
        }
    }

    public async Task WriteAsync(IReadOnlyList<ByteString> frames, CancellationToken cancellation)
    {
        foreach (var data in frames)
        {
            var bytes = data.ToArray();
            var start = 0;
            while (start < bytes.Length)
            {
                var lf = Array.IndexOf(bytes, Lf, start);
                var end = lf < 0 ? bytes.Length : lf;
                if (end > start) await socket.SendAsync(bytes.AsMemory(start, end - start), WebSocketMessageType.Text, endOfMessage: true, cancellation);
                start = end + 1;
            }
        }
    }

    /// <summary>Sends the close frame; the client's answer ends the read (RFC 6455's closing handshake).</summary>
    public async Task<bool> CloseAsync(CancellationToken cancellation)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return true;
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellation);
        return socket.State == WebSocketState.Closed;
    }

    public void Abort() => socket.Abort();
}
