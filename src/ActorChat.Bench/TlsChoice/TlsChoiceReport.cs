using System.Globalization;

namespace ActorChat.Bench.TlsChoice;

/// <summary>The table of <c>tls-choice</c>: a row per server per round as it finishes, then each server's medians.</summary>
public sealed class TlsChoiceReport(TlsChoiceSettings settings, TextWriter output)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public void WriteHeader()
    {
        output.WriteLine(string.Format(C,
            "| server | run | handshakes/s, 1 at a time | server µs/handshake | handshakes/s, {0} at once | server µs/handshake | echo lines/s ({1} clients) | server µs/line | heap KiB/idle conn | RSS KiB/idle conn |",
            settings.Parallel, settings.EchoClients));
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    }

    public void WriteRow(TlsChoiceRun run) => Row(run.Server, run.Round.ToString(C), run);

    public void WriteMedians(IReadOnlyList<TlsChoiceRun> runs)
    {
        foreach (var server in runs.Select(r => r.Server).Distinct())
        {
            var mine = runs.Where(r => r.Server == server).ToList();
            double? M(Func<TlsChoiceRun, double?> of) => mine.Select(of).All(v => v is not null) ? Median.Of(mine.Select(r => of(r)!.Value).ToList()) : null;
            Row(server, "median", new TlsChoiceRun(server, 0,
                M(r => r.SequentialPerSecond)!.Value, M(r => r.SequentialServerMicros),
                M(r => r.ParallelPerSecond)!.Value, M(r => r.ParallelServerMicros),
                M(r => r.EchoPerSecond)!.Value, M(r => r.EchoServerMicros),
                M(r => r.IdleHeapBytes)!.Value, M(r => r.IdleRssBytes)!.Value));
        }
    }

    private void Row(string server, string round, TlsChoiceRun r) =>
        output.WriteLine(string.Format(C, "| {0} | {1} | {2:F0} | {3} | {4:F0} | {5} | {6:F0} | {7} | {8:F1} | {9:F1} |",
            server, round, r.SequentialPerSecond, Micros(r.SequentialServerMicros), r.ParallelPerSecond, Micros(r.ParallelServerMicros),
            r.EchoPerSecond, Micros(r.EchoServerMicros), r.IdleHeapBytes / 1024, r.IdleRssBytes / 1024));

    private static string Micros(double? micros) => micros is { } m ? m.ToString("F1", C) : "?";
}
