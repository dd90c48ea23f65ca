using System.Buffers;
using Akka.IO;
using Microsoft.AspNetCore.Connections;

namespace ActorChat.Server.Transport.Kestrel;

/// <summary>
/// A stream connection from Kestrel (TLS over TCP: Kestrel has done the handshake): the same
/// line stream as plain TCP, read and written through the connection's pipes.
/// </summary>
public sealed class PipeFrameChannel(ConnectionContext connection) : IFrameChannel
{
    public async Task<string> ReadAsync(Action<ConnectionEvent> received, CancellationToken cancellation)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellation);
            var buffer = result.Buffer;
            if (!buffer.IsEmpty) received(new BytesReceived(ByteString.FromBytes(buffer.ToArray())));
            input.AdvanceTo(buffer.End);
            if (result.IsCompleted) return "closed by the client";
            if (result.IsCanceled) return "cancelled";
        }
    }

    public async Task WriteAsync(IReadOnlyList<ByteString> frames, CancellationToken cancellation)
    {
        var output = connection.Transport.Output;
        foreach (var data in frames) output.Write(data.ToReadOnlySpan());
        var flushed = await output.FlushAsync(cancellation);
        if (flushed.IsCompleted) throw new IOException("the client has gone");
    }

    /// <summary>
    /// TLS over TCP cannot half-close as Akka.IO's TCP does: the connection ends here, once what
    /// was written is flushed (Kestrel then closes the TLS session and the socket).
    /// </summary>
    public async Task<bool> CloseAsync(CancellationToken cancellation)
    {
        await connection.Transport.Output.CompleteAsync();
        return true;
    }

    public void Abort() => connection.Abort();
}
