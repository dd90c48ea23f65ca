using System.Diagnostics;
using ActorChat.Messages.Events;

namespace ActorChat.Bench;

/// <summary>
/// <c>soak</c>: churn against one ActorChat server for a while (<see cref="SoakSettings"/>): about
/// <c>concurrent</c> client slots, each living one <see cref="ClientLife"/> after another (<see
/// cref="SoakClient"/>), every sample interval a row of the server's RSS and what the clients did;
/// at the end every live client quits, and the server's counts (<c>stats</c>, through a <see
/// cref="StatsProbe"/>) must come back to what they were before, within <see cref="SoakSettings.IdleWait"/>.
/// Bounded: the duration, then each client's own waits (<see cref="SoakSettings.Patience"/>).
/// </summary>
public sealed class SoakBenchmark(SoakSettings settings, TextWriter output)
{
    public async Task<SoakResult> RunAsync()
    {
        var runId = Guid.NewGuid().ToString("N")[..5];
        var seed = settings.Seed ?? Random.Shared.Next();
        var report = new SoakReport(output);
        await using var probe = await StatsProbe.ConnectAsync(settings.Server, $"probe-{runId}", SoakSettings.Patience);
        var before = await probe.AskAsync(SoakSettings.Patience);
        report.WriteStart(settings, seed, before);

        var counters = new SoakCounters();
        var live = new LiveNames(settings.Concurrent);
        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        using var stopping = new CancellationTokenSource();
        var slots = Enumerable.Range(0, settings.Concurrent)
            .Select(slot => Task.Run(() => SlotAsync(slot, runId, new Random(unchecked(seed + slot)), counters, live, stopping.Token)))
            .ToArray();

        report.WriteHeader();
        for (var next = settings.SampleInterval; ; next += settings.SampleInterval)
        {
            if (next > settings.Duration) next = settings.Duration;
            if (next - clock.Elapsed is { } wait && wait > TimeSpan.Zero) await Task.Delay(wait);
            var sample = new SoakSample(clock.Elapsed, ServerMemory.ResidentBytes(settings.ServerPid), counters.Live,
                (await TryAskAsync(probe, counters))?.Sessions, counters.Logins, counters.Messages, counters.Errors);
            samples.Add(sample);
            report.WriteSample(sample);
            if (next >= settings.Duration) break;
        }

        // Every client still live quits now (each bounded by its own waits).
        stopping.Cancel();
        try
        {
            await Task.WhenAll(slots).WaitAsync(3 * SoakSettings.Patience + TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            counters.Error("some clients did not finish quitting in time");
        }
        var elapsed = clock.Elapsed;

        var idleClock = Stopwatch.StartNew();
        StatsEvent? after;
        while (true)
        {
            after = await TryAskAsync(probe, counters);
            if (after is null || SoakCounts.Same(before, after) || idleClock.Elapsed >= SoakSettings.IdleWait) break;
            await Task.Delay(250);
        }
        var result = new SoakResult(settings, seed, samples, new SoakMemory(samples, settings.WarmUp), new SoakCounts(before, after),
            idleClock.Elapsed, ServerMemory.ResidentBytes(settings.ServerPid), elapsed, counters);
        report.WriteEnd(result);
        return result;
    }

    /// <summary>One client slot: lives one after another until the soak stops, the first after a random part of a posting gap so that slots do not move in step.</summary>
    private async Task SlotAsync(int slot, string runId, Random random, SoakCounters counters, LiveNames live, CancellationToken stopping)
    {
        var plan = new SoakPlan(settings.Rooms, random);
        try
        {
            await Task.Delay(settings.SayGap * random.NextDouble(), stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var source = ConnectPlan.SourceAddress(slot, settings.SourceAddresses);
        for (var life = 0; !stopping.IsCancellationRequested; life++)
        {
            var client = new SoakClient(settings, counters, live, plan, slot, $"s{runId}-{slot}-{life}");
            if (await client.LiveAsync(plan.Next(), source, stopping)) continue;
            try
            {
                await Task.Delay(settings.SayGap, stopping); // after an error, not at once again: the server may be down
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<StatsEvent?> TryAskAsync(StatsProbe probe, SoakCounters counters)
    {
        try
        {
            return await probe.AskAsync(SoakSettings.Patience);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            counters.Error("stats: " + e.Message);
            return null;
        }
    }
}

/// <summary>What a <c>soak</c> found.</summary>
/// <param name="IdleAfter">How long after the last client left the counts were read the last time (back, or given up).</param>
/// <param name="IdleRssBytes">The server's RSS then.</param>
public sealed record SoakResult(SoakSettings Settings, int Seed, IReadOnlyList<SoakSample> Samples, SoakMemory Memory, SoakCounts Counts,
    TimeSpan IdleAfter, long? IdleRssBytes, TimeSpan Elapsed, SoakCounters Clients)
{
    /// <summary>
    /// Memory flat (or unknown, without a pid), the counts back to idle, and no client met an error
    /// (a soak whose clients were refused or cut off did not put on the load it says it did).
    /// </summary>
    public bool Passed => Memory.Flat != false && Counts.BackToIdle && Clients.Errors == 0;
}
