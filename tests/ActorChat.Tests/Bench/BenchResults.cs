using ActorChat.Bench;

namespace ActorChat.Tests.Bench;

/// <summary>
/// Synthetic <see cref="BroadcastResult"/>s for unit tests of what the bench does with results.
/// The only place the tests build one, so that a change to its constructor (latencies are moving
/// into a histogram) is a change here.
/// </summary>
internal static class BenchResults
{
    /// <summary>
    /// A run over one second (so deliveries/s = <paramref name="delivered"/>) with the given 50th,
    /// 99th and 99.9th latency percentiles (p90 as p99, the maximum as p99.9).
    /// </summary>
    public static BroadcastResult Result(long expected, long delivered, double p50Ms, double p99Ms, double p999Ms,
        long duplicates = 0, long sent = 100, IReadOnlyList<string>? errors = null)
    {
        var latencies = new LatencySummary(p50Ms, p99Ms, p99Ms, p999Ms, p999Ms);
        return new BroadcastResult(10, sent, expected, delivered, duplicates,
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.Zero, latencies, errors ?? []);
    }

    /// <summary>
    /// <paramref name="result"/> with the server's CPU time over its one-second window:
    /// <paramref name="busyPercent"/> % of a core, so µs per delivery = busy % × 10,000 / delivered.
    /// </summary>
    public static BroadcastResult WithServerCpu(this BroadcastResult result, double busyPercent) =>
        result with { ServerCpu = new CpuUsage(TimeSpan.FromSeconds(busyPercent / 100), result.Elapsed) };

    /// <summary>A run that delivered everything it expected, with the given p99 (p50 a tenth of it, p99.9 twice it).</summary>
    public static BroadcastResult Delivered(long deliveries, double p99Ms) =>
        Result(deliveries, deliveries, p99Ms / 10, p99Ms, p99Ms * 2);
}
