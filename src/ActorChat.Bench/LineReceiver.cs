using System.Diagnostics;
using System.Net.Sockets;

namespace ActorChat.Bench;

/// <summary>Handles one received line (without its LF or a trailing CR), in place in the receive buffer.</summary>
/// <param name="receivedAt">Stopwatch timestamp of the read that completed the line.</param>
public delegate void LineHandler(ReadOnlySpan<byte> line, long receivedAt);

/// <summary>
/// The read loop of every load client: receives into one buffer and hands each complete line
/// to a handler where it lies, without copying or decoding it — the generator shares the
/// machine with the server and must stay cheap per delivery.
/// </summary>
public static class LineReceiver
{
    /// <summary>Reads until the server closes or the socket is disposed. A line longer than <paramref name="buffer"/> is dropped.</summary>
    public static Task ReadLinesAsync(Socket socket, byte[] buffer, LineHandler onLine) =>
        ReadLinesAsync(new TcpWire(socket), buffer, onLine);

    /// <summary>The same over any <see cref="BenchWire"/> (TCP, TLS, WebSocket).</summary>
    public static async Task ReadLinesAsync(BenchWire wire, byte[] buffer, LineHandler onLine)
    {
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length) filled = 0;
                var n = await wire.ReceiveAsync(buffer.AsMemory(filled));
                if (n == 0) return;
                var now = Stopwatch.GetTimestamp();
                filled += n;
                var start = HandleLines(buffer.AsSpan(0, filled), now, onLine);
                if (start == 0) continue;
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
            }
        }
        catch (Exception e) when (BenchWire.IsClosed(e))
        {
        }
    }

    /// <summary>Hands every complete line of <paramref name="received"/> on; the bytes consumed.</summary>
    private static int HandleLines(ReadOnlySpan<byte> received, long now, LineHandler onLine)
    {
        var start = 0;
        int lf;
        while ((lf = received[start..].IndexOf((byte)'\n')) >= 0)
        {
            var line = received.Slice(start, lf);
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            onLine(line, now);
            start += lf + 1;
        }
        return start;
    }
}
