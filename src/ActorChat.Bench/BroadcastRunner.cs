using System.Globalization;

namespace ActorChat.Bench;

/// <summary>
/// The modes of the <c>fanout</c> and <c>rooms</c> commands over one broadcast run function: a
/// single run, <c>--runs N</c> with a median, and <c>--max</c>; each optionally with
/// <c>--chart</c>. Apart from Program.cs so that a test can drive a mode end to end (fake runs, or
/// real ones against the reference server) and read what it printed.
/// </summary>
public sealed class BroadcastRunner
{
    /// <summary>
    /// Between runs and <c>--max</c> steps: the previous run's connections close and the server's
    /// queues settle; an IRC server also needs the previous run's nicks gone, since they are reused.
    /// </summary>
    public static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(3);

    private readonly string _scenario;
    private readonly Func<double, Task<BroadcastResult>> _run;
    private readonly TextWriter _output;
    private readonly Func<Task> _pause;
    private readonly BroadcastReport _report;

    /// <param name="run">One full run at the given offered rate (messages/s, all senders together).</param>
    /// <param name="pause">Waits between runs and between <c>--max</c> steps; by default <see cref="DefaultPause"/>. Tests pass one that does not sleep.</param>
    public BroadcastRunner(string scenario, Func<double, Task<BroadcastResult>> run, TextWriter output, Func<Task>? pause = null)
    {
        _scenario = scenario;
        _run = run;
        _output = output;
        _pause = pause ?? (() => Task.Delay(DefaultPause));
        _report = new BroadcastReport(scenario, output);
    }

    /// <summary>
    /// <paramref name="runs"/> runs at <paramref name="rate"/>, <see cref="DefaultPause"/> apart. One run
    /// prints what the command always printed; more add a median row and print the median's JSON line instead.
    /// </summary>
    public async Task<IReadOnlyList<BroadcastResult>> SeriesAsync(double rate, int runs, string? chartPath)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var results = new List<BroadcastResult>(runs);
        _report.WriteHeader();
        for (var i = 0; i < runs; i++)
        {
            if (i > 0) await _pause();
            var result = await _run(rate);
            results.Add(result);
            _report.WriteRow(runs == 1 ? _scenario : string.Format(CultureInfo.InvariantCulture, "{0} run {1}", _scenario, i + 1), result);
        }
        if (runs == 1) _report.WriteRunJson(results[0]);
        else _report.WriteMedian(new MedianRun(results), results);
        if (chartPath is not null)
        {
            var points = new List<LatencyPoint>(results.Count);
            foreach (var result in results) points.Add(LatencyPoint.From(result));
            WriteChart(chartPath, string.Format(CultureInfo.InvariantCulture, "{0}: {1} run(s) at {2:0.##} msg/s offered", _scenario, runs, rate), points, limitMs: null, connect: false);
        }
        return results;
    }

    /// <summary><c>--max</c>: one row per step as it finishes, then the highest rate that held and its JSON line.</summary>
    public async Task<MaxRateOutcome> MaxAsync(MaxRateSettings settings, string? chartPath)
    {
        _report.WriteHeader();
        var outcome = await new MaxRateSearch(settings, _run, _pause)
            .RunAsync(step => _report.WriteRow(_report.StepLabel(step.Rate), step.Result));
        _report.WriteMax(outcome, settings);
        if (chartPath is not null)
        {
            var points = new List<LatencyPoint>(outcome.Steps.Count);
            foreach (var step in outcome.Steps) points.Add(LatencyPoint.From(step.Result));
            var title = outcome.Best is { } best
                ? string.Format(CultureInfo.InvariantCulture, "{0} --max: {1:0.##} msg/s held ({2:N0} deliveries/s)", _scenario, best.Rate, best.Result.DeliveriesPerSecond)
                : _scenario + " --max: no step held";
            WriteChart(chartPath, title, points, settings.MaxP99Ms, connect: true);
        }
        return outcome;
    }

    private void WriteChart(string path, string title, IReadOnlyList<LatencyPoint> points, double? limitMs, bool connect)
    {
        LatencyChart.WritePng(path, title, points, limitMs, connect);
        _output.WriteLine("chart written to " + path);
    }
}
