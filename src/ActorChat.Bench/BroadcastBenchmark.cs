using System.Diagnostics;
using System.Net;

namespace ActorChat.Bench;

/// <summary>
/// Broadcast load: <c>clients</c> connections in rooms of <c>roomSize</c> (one room of all of
/// them for fan-out); <c>senders</c> of them post at <c>rate</c> messages/s in total for
/// <c>seconds</c>. Every member of a room should receive every message of the room once.
/// </summary>
/// <remarks>
/// <c>transport</c>: what the given port speaks (TCP, TLS, WebSocket); the deliveries are counted the same way on each.
/// Several servers (the nodes of a cluster): connection c goes to server c mod their number, so a
/// room's members spread over every node. With the nodes' pids, each node's CPU time is reported
/// on its own, and (ActorChat) each node's <c>stats</c> count of broadcasts it received from rooms
/// on other nodes, per message posted: the messages between nodes per broadcast.
/// </remarks>
public sealed class BroadcastBenchmark(IReadOnlyList<IPEndPoint> servers, int clients, int roomSize, int senders, double rate, double seconds, int textLength, int sourceAddresses,
    BenchProtocol protocol = BenchProtocol.ActorChat, double warmupSeconds = 0, int? serverPid = null, IReadOnlyList<int>? nodePids = null,
    BenchTransport transport = BenchTransport.Tcp)
{
    public BroadcastBenchmark(IPEndPoint server, int clients, int roomSize, int senders, double rate, double seconds, int textLength, int sourceAddresses,
        BenchProtocol protocol = BenchProtocol.ActorChat, double warmupSeconds = 0, int? serverPid = null, BenchTransport transport = BenchTransport.Tcp)
        : this([server], clients, roomSize, senders, rate, seconds, textLength, sourceAddresses, protocol, warmupSeconds, serverPid, transport: transport)
    {
    }

    public async Task<BroadcastResult> RunAsync()
    {
        var log = new DeliveryLog();
        var runId = Guid.NewGuid().ToString("N")[..5];
        var connections = new List<IBenchClient>(clients);
        var connectClock = Stopwatch.StartNew();
        for (var i = 0; i < clients; i += 100)
        {
            var batch = Enumerable.Range(i, Math.Min(100, clients - i)).Select(c =>
                BenchClients.ConnectAsync(protocol, servers[c % servers.Count], Source(c), c, RoomOf(c, runId), log, transport));
            connections.AddRange(await Task.WhenAll(batch));
        }
        connectClock.Stop();

        // Senders spread over the rooms: sender k posts to its own room.
        var postingClients = Enumerable.Range(0, senders).Select(k => connections[(int)((long)k * clients / senders)]).ToList();
        var padding = BenchText.Padding(textLength);
        var perSender = rate / senders;
        var members = connections.GroupBy(c => RoomOf(c.Index, runId)).ToDictionary(g => g.Key, g => (long)g.Count());
        var senderRooms = postingClients.Select(p => RoomOf(p.Index, runId)).ToArray();
        var sequences = new long[senders];
        var posts = new List<Task>(senders);

        // One pacing loop for all senders: post what the schedule says is due by now (in one write
        // per sender), then sleep a little. Steady pacing without a timer per sender.
        // posted[k]: how many sender k has posted so far in this phase.
        async Task PostAtRate(double duration, long[] posted, bool negative)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < duration)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * perSender);
                for (var k = 0; k < senders; k++)
                {
                    if (posted[k] >= due) continue;
                    var count = (int)(due - posted[k]);
                    posts.Add(postingClients[k].PostAsync(senderRooms[k], negative ? -1 - posted[k] - count : posted[k], count, padding));
                    posted[k] = due;
                }
                await Task.WhenAll(posts);
                posts.Clear();
                await Task.Delay(1);
            }
        }

        // Untimed warm-up at the same rate (the server's JIT and pools settle): its posts carry
        // negative sequence numbers, which receivers do not count, even when they arrive late.
        if (warmupSeconds > 0)
        {
            var warmupSequences = new long[senders];
            await PostAtRate(warmupSeconds, warmupSequences, negative: true);
        }

        // The server's CPU time is read exactly when counting starts and stops: the same window as the deliveries.
        var clusterProbes = servers.Count > 1 && protocol == BenchProtocol.ActorChat
            ? await Task.WhenAll(servers.Select((s, i) => StatsProbe.ConnectAsync(s, $"probe{i}-{runId}", TimeSpan.FromSeconds(10))))
            : [];
        var remoteBefore = await RemoteBatchesAsync(clusterProbes);
        log.StartMeasuring();
        var cpuStart = ServerCpu.Sample(serverPid);
        var nodesStart = (nodePids ?? []).Select(pid => ServerCpu.Sample(pid)).ToList();
        var clock = Stopwatch.StartNew();
        await PostAtRate(seconds, sequences, negative: false);
        var sentBySender = senderRooms.Select((room, k) => (Room: room, Sent: sequences[k])).ToArray();
        var sendTime = clock.Elapsed;
        var sent = sentBySender.Sum(s => s.Sent);
        // each message reaches every member of its room; the sender's own copy only where the protocol echoes it (not IRC)
        var echo = protocol.EchoesSender() ? 0 : 1;
        var expected = sentBySender.Sum(s => s.Sent * (members[s.Room] - echo));

        // Wait for the tail: every sender's ping comes back after its posts were handled,
        // then give deliveries a moment to drain (bounded).
        var drainDeadline = Stopwatch.StartNew();
        foreach (var sender in postingClients)
            if (!await sender.PingAsync(TimeSpan.FromSeconds(10) - drainDeadline.Elapsed)) break; // fell behind: report the loss
        var drainUntil = Stopwatch.StartNew();
        while (log.Deliveries < expected && drainUntil.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        log.StopMeasuring();
        var cpuStop = ServerCpu.Sample(serverPid);
        var nodesStop = (nodePids ?? []).Select(pid => ServerCpu.Sample(pid)).ToList();
        var elapsed = clock.Elapsed;
        var remoteAfter = await RemoteBatchesAsync(clusterProbes);
        foreach (var probe in clusterProbes) await probe.DisposeAsync();
        var nodeCpu = nodesStart.Zip(nodesStop, (from, to) => from is { } f && to is { } t ? t.Since(f) : (CpuUsage?)null).ToList();

        var rss = ServerMemory.ResidentBytes(serverPid); // with every client still connected
        foreach (var c in connections) await c.DisposeAsync();
        return new BroadcastResult(clients, sent, expected, log.Deliveries, log.Duplicates,
            sendTime, elapsed, connectClock.Elapsed, LatencySummary.Of(log.Latencies()), log.Errors.Take(5).ToList())
        {
            ServerRssBytes = rss,
            ServerCpu = cpuStart is { } from && cpuStop is { } to ? to.Since(from) : null,
            NodeCpu = nodeCpu,
            RemoteBatches = remoteBefore is { } rb && remoteAfter is { } ra ? ra - rb : null,
        };
    }

    /// <summary>The nodes' broadcasts from rooms on other nodes so far, added up; null when not a cluster.</summary>
    private static async Task<long?> RemoteBatchesAsync(IReadOnlyList<StatsProbe> probes)
    {
        if (probes.Count == 0) return null;
        long total = 0;
        foreach (var probe in probes) total += (await probe.AskAsync(TimeSpan.FromSeconds(10))).RemoteBatches ?? 0;
        return total;
    }

    private string RoomOf(int client, string runId) => roomSize >= clients ? $"fan-{runId}" : $"r{runId}-{client / roomSize}";

    /// <summary>Source addresses 127.0.0.1, .2, ... so that per-address limits and ephemeral ports stretch.</summary>
    private IPAddress? Source(int client) =>
        sourceAddresses <= 1 ? null : new IPAddress([127, 0, 0, (byte)(1 + client % sourceAddresses)]);
}

public sealed record BroadcastResult(
    int Clients, long Sent, long Expected, long Delivered, long Duplicates,
    TimeSpan SendTime, TimeSpan Elapsed, TimeSpan ConnectTime, LatencySummary Latency, IReadOnlyList<string> Errors)
{
    public long Lost => Math.Max(0, Expected - Delivered);

    /// <summary>The server's resident memory at the end of the run (clients still connected), when its pid was given.</summary>
    public long? ServerRssBytes { get; init; }

    /// <summary>The server's CPU time over the measured window (the deliveries counted), when its pid was given.</summary>
    public CpuUsage? ServerCpu { get; init; }

    /// <summary>Each cluster node's CPU time over the measured window (--node-pid, in order); null where it could not be read.</summary>
    public IReadOnlyList<CpuUsage?> NodeCpu { get; init; } = [];

    /// <summary>Cluster: broadcasts the nodes received from rooms on other nodes during the measured window.</summary>
    public long? RemoteBatches { get; init; }

    /// <summary>Server CPU seconds / elapsed seconds × 100 (of one core); null without a pid.</summary>
    public double? ServerBusyPercent => ServerCpu?.BusyPercent;

    /// <summary>Server CPU microseconds per delivery counted; null without a pid or without deliveries.</summary>
    public double? ServerCpuMicrosPerDelivery => ServerCpu?.MicrosecondsPer(Delivered);

    public double DeliveriesPerSecond => Delivered / Elapsed.TotalSeconds;

    /// <summary>Latency in milliseconds at percentile <paramref name="p"/> (0–100; 100 is the maximum).</summary>
    public double Percentile(double p) =>
        Latency.At(p);
}
