using System.Net.Sockets;
using ActorChat.Client.Output;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Client.Network.Tls;

/// <summary>
/// Reads a stream until it ends and tells each chunk, in order, to an actor: a
/// <see cref="TransportReceived"/> per read, then one <see cref="TransportEnded"/>.
/// Nothing is told once <c>token</c> is cancelled (the actor is closing the stream itself).
/// </summary>
public static class TlsReadLoop
{
    private const int BufferSize = 16 * 1024;

    public static async Task RunAsync(Stream stream, ICanTell target, CancellationToken token)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, token);
                if (read == 0)
                {
                    target.Tell(new TransportEnded(ConnectionEndKind.ClosedByServer, "the server closed the connection"), ActorRefs.NoSender);
                    return;
                }
                target.Tell(new TransportReceived(ByteString.CopyFrom(buffer, 0, read)), ActorRefs.NoSender);
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // Closed or aborted on purpose: the actor knows.
        }
        catch (Exception e)
        {
            // Whatever broke the stream (an I/O error, a bad TLS record), the connection is over.
            var cause = e.InnerException is SocketException socket ? socket.Message : e.Message;
            target.Tell(new TransportEnded(ConnectionEndKind.Lost, "the connection broke: " + TerminalText.EscapeSingleLine(cause)), ActorRefs.NoSender);
        }
    }
}
