using System.Net.Sockets;

namespace ActorChat.Bench;

/// <summary>Plain TCP: the socket's own calls, nothing between.</summary>
public sealed class TcpWire(Socket socket) : BenchWire
{
    public override ValueTask<int> ReceiveAsync(Memory<byte> buffer) => socket.ReceiveAsync(buffer);

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> lines) => await socket.SendAsync(lines);

    public override void Dispose() => socket.Dispose();
}
