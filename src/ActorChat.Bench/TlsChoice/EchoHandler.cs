using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace ActorChat.Bench.TlsChoice;

/// <summary>(A) Kestrel's side: after Kestrel's TLS handshake, every complete line read from the connection's pipe is written back, one flush per read.</summary>
public sealed class EchoHandler : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                var reader = new SequenceReader<byte>(result.Buffer);
                var echoed = false;
                while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
                {
                    foreach (var segment in line) output.Write(segment.Span);
                    output.Write("\n"u8);
                    echoed = true;
                }
                input.AdvanceTo(reader.Position, result.Buffer.End);
                if (echoed && (await output.FlushAsync()).IsCompleted) return;
                if (result.IsCompleted) return;
            }
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or OperationCanceledException)
        {
            // the client went away
        }
    }
}
