using System.Diagnostics;
using System.Net;
using ActorChat.Messages;

namespace ActorChat.Bench;

/// <summary>
/// Idle capacity: <c>clients</c> connections log in and stay idle. Reports how long that took,
/// the server's resident memory before and after (read from /proc for the given pid), and
/// whether the server still answers.
/// </summary>
public sealed class ConnectBenchmark(IPEndPoint server, int clients, int sourceAddresses, int? serverPid)
{
    public async Task<ConnectResult> RunAsync()
    {
        var log = new DeliveryLog();
        var rssBefore = ResidentBytes(serverPid);
        var clock = Stopwatch.StartNew();
        var connections = new List<LoadClient>(clients);
        for (var i = 0; i < clients; i += 200)
        {
            var batch = Enumerable.Range(i, Math.Min(200, clients - i)).Select(c =>
                LoadClient.ConnectAsync(server, Source(c), c, $"idle-{c / 50}", log));
            connections.AddRange(await Task.WhenAll(batch));
        }
        var connectTime = clock.Elapsed;
        await Task.Delay(1000); // let the server settle before reading its memory
        GC.KeepAlive(connections);
        var rssAfter = ResidentBytes(serverPid);

        var answers = await connections[^1].PingAsync(TimeSpan.FromSeconds(10)) && await connections[0].PingAsync(TimeSpan.FromSeconds(10));
        foreach (var c in connections) await c.DisposeAsync();
        return new ConnectResult(clients, connectTime, rssBefore, rssAfter, answers, log.Errors.Take(5).ToList());
    }

    private IPAddress? Source(int client) =>
        sourceAddresses <= 1 ? null : new IPAddress([127, 0, 0, (byte)(1 + client % sourceAddresses)]);

    private static long? ResidentBytes(int? pid)
    {
        if (pid is null) return null;
        var status = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return status is null ? null : long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}

public sealed record ConnectResult(int Clients, TimeSpan ConnectTime, long? RssBefore, long? RssAfter, bool ServerAnswers, IReadOnlyList<string> Errors)
{
    public double? BytesPerConnection => RssBefore is { } before && RssAfter is { } after ? (after - before) / (double)Clients : null;
}
