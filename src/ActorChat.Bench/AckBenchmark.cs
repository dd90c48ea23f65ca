using System.Diagnostics;
using System.Net;

namespace ActorChat.Bench;

/// <summary>
/// Durable throughput: clients post as fast as the server acknowledges (each keeps up to
/// <c>window</c> posts in flight) and the tool counts the sender's own copies (with <c>ref</c>),
/// which the server sends only once a message is stored. Clients sit in rooms of
/// <c>roomSize</c> (client i in room i / roomSize): 1 is a room each, the number of clients is
/// one shared room. Every client posts; in a room of K each also receives the K − 1 others'
/// copies of every post there, and drops them (<see cref="AckClient"/>).
/// </summary>
public sealed class AckBenchmark(IPEndPoint server, int clients, int messagesPerClient, int window, int roomSize, int textLength, int warmupPerClient,
    int sourceAddresses = 1)
{
    public async Task<AckResult> RunAsync()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(roomSize, 1);
        var runId = Guid.NewGuid().ToString("N")[..6];
        var connections = new List<AckClient>(clients);
        try
        {
            for (var i = 0; i < clients; i += 100)
                connections.AddRange(await Task.WhenAll(Enumerable.Range(i, Math.Min(100, clients - i)).Select(c =>
                    AckClient.ConnectAsync(server, Source(c), $"b{runId}{c}", RoomOf(c, runId)))));

            var text = new string('x', textLength);
            // Untimed warm-up: the server's JIT, pools and store file settle before measuring.
            if (warmupPerClient > 0) await Task.WhenAll(connections.Select(c => c.PostAsync(warmupPerClient, window, text)));
            var received = connections.Sum(c => c.OthersReceived);
            var clock = Stopwatch.StartNew();
            var latencies = await Task.WhenAll(connections.Select(c => c.PostAsync(messagesPerClient, window, text)));
            clock.Stop();

            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new AckResult(clients * messagesPerClient, clock.Elapsed, all) { OthersReceived = connections.Sum(c => c.OthersReceived) - received };
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }
    }

    /// <summary>The room of client <paramref name="client"/>: rooms of <c>roomSize</c>, in order.</summary>
    public static string RoomOf(int client, int roomSize, string runId) => $"bench-{runId}-{client / roomSize}";

    private string RoomOf(int client, string runId) => RoomOf(client, roomSize, runId);

    /// <summary>Source addresses 127.0.0.1, .2, ... so that per-address limits (--max-per-address) stretch.</summary>
    private IPAddress? Source(int client) =>
        sourceAddresses <= 1 ? null : new IPAddress([127, 0, 0, (byte)(1 + client % sourceAddresses)]);
}

public sealed record AckResult(int Messages, TimeSpan Elapsed, double[] SortedLatenciesMs)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;

    /// <summary>
    /// Other members' copies the clients read (and dropped) while measuring: about Messages × (K − 1)
    /// in rooms of K (a few of the warm-up's may arrive late and count, a few of the last may not yet).
    /// </summary>
    public long OthersReceived { get; init; }

    public double Percentile(double p) =>
        SortedLatenciesMs.Length == 0 ? 0 : SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)(p / 100 * SortedLatenciesMs.Length))];
}
