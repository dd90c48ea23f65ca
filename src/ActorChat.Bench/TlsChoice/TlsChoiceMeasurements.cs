using System.Diagnostics;
using System.Net.Security;

namespace ActorChat.Bench.TlsChoice;

/// <summary>The three measurements of <c>tls-choice</c> against one echo server process.</summary>
public sealed class TlsChoiceMeasurements(EchoServerChild server, SslClientAuthenticationOptions options)
{
    /// <summary>
    /// <paramref name="count"/> connects with a full handshake, <paramref name="parallel"/> at a time (1: one after
    /// the other), each closed at once: handshakes per second, and the server's CPU µs per handshake.
    /// </summary>
    public async Task<(double PerSecond, double? ServerMicros)> HandshakesAsync(int count, int parallel)
    {
        var next = 0;
        var cpuStart = server.Cpu();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
                await (await TlsEchoClient.ConnectAsync(server.Port, options)).DisposeAsync();
        }));
        var elapsed = clock.Elapsed;
        await Task.Delay(200); // the server finishes its side of the last closes
        return (count / elapsed.TotalSeconds, Cpu(cpuStart)?.MicrosecondsPer(count));
    }

    /// <summary>
    /// The server's GC heap and RSS growth per connection for <paramref name="count"/> idle TLS connections
    /// (each has echoed one line, then waits), after a full collection on both readings.
    /// </summary>
    public async Task<(double HeapBytes, double RssBytes)> IdleAsync(int count, ReadOnlyMemory<byte> line)
    {
        var before = await server.MemoryAsync();
        var clients = new TlsEchoClient[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                clients[i] = await TlsEchoClient.ConnectAsync(server.Port, options);
                await clients[i].EchoAsync(line);
            }
        }));
        var after = await server.MemoryAsync();
        foreach (var client in clients) await client.DisposeAsync();
        await Task.Delay(500);
        return ((after.Heap - before.Heap) / (double)count, (after.Rss - before.Rss) / (double)count);
    }

    /// <summary>
    /// <paramref name="clients"/> connections each echoing <paramref name="lines"/> lines one at a time
    /// (send, wait for the echo): lines per second and the server's CPU µs per line.
    /// </summary>
    public async Task<(double PerSecond, double? ServerMicros)> EchoAsync(int clients, int lines, ReadOnlyMemory<byte> line)
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => TlsEchoClient.ConnectAsync(server.Port, options)));
        foreach (var connection in connections) await connection.EchoAsync(line); // each connection set up on both sides
        var cpuStart = server.Cpu();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(connections.Select(async connection =>
        {
            for (var i = 0; i < lines; i++) await connection.EchoAsync(line);
        }));
        var elapsed = clock.Elapsed;
        var usage = Cpu(cpuStart);
        foreach (var connection in connections) await connection.DisposeAsync();
        long total = (long)clients * lines;
        return (total / elapsed.TotalSeconds, usage?.MicrosecondsPer(total));
    }

    private CpuUsage? Cpu(CpuSample? start) => start is { } from && server.Cpu() is { } to ? to.Since(from) : null;
}
