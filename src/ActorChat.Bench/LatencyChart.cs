using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ActorChat.Bench;

/// <summary>
/// <c>--chart FILE.png</c>: latency (p50, p99, p99.9) against delivered rate, one point per run or
/// <c>--max</c> step. This is the picture that shows where a server's knee is: latency stays flat
/// while the server keeps up, then climbs by orders of magnitude, so the y axis is logarithmic.
/// </summary>
public static class LatencyChart
{
    /// <summary>Latencies under this (ms) are drawn at it: log scale has no zero, and an empty run reports 0.</summary>
    private const double FloorMs = 0.01;

    /// <param name="limitMs">Drawn as a dashed line, e.g. the p99 bar of <c>--max</c>; null for none.</param>
    /// <param name="connect">Join the points with lines: for the steps of <c>--max</c>, which climb in rate; not for repeated runs at one rate.</param>
    public static void WritePng(string path, string title, IReadOnlyList<LatencyPoint> points, double? limitMs = null, bool connect = true,
        int width = 900, int height = 600)
    {
        if (points.Count == 0) throw new ArgumentException("A chart needs at least one point.", nameof(points));
        var c = CultureInfo.InvariantCulture;
        // Ordered by rate so the lines run left to right (the runs of a --runs series come in any order).
        var ordered = new LatencyPoint[points.Count];
        for (var i = 0; i < ordered.Length; i++) ordered[i] = points[i];
        Array.Sort(ordered, (a, b) => a.DeliveriesPerSecond.CompareTo(b.DeliveriesPerSecond));
        var xs = new double[ordered.Length];
        for (var i = 0; i < xs.Length; i++) xs[i] = ordered[i].DeliveriesPerSecond;

        var plot = new Plot();
        var low = double.MaxValue;
        var high = double.MinValue;
        foreach (var series in new (Func<LatencyPoint, double> Latency, string Name)[] { (p => p.P50Ms, "p50"), (p => p.P99Ms, "p99"), (p => p.P999Ms, "p99.9") })
        {
            var ys = new double[ordered.Length];
            for (var i = 0; i < ys.Length; i++)
            {
                ys[i] = Log(series.Latency(ordered[i]));
                low = Math.Min(low, ys[i]);
                high = Math.Max(high, ys[i]);
            }
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = series.Name;
            scatter.MarkerSize = 7;
            if (!connect) scatter.LineWidth = 0;
        }
        if (limitMs is { } limit)
        {
            low = Math.Min(low, Log(limit));
            high = Math.Max(high, Log(limit));
            var line = plot.Add.HorizontalLine(Log(limit));
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Gray;
            line.LegendText = string.Format(c, "limit {0:0.###} ms", limit);
        }

        // Log scale the ScottPlot 5 way: the data are log10 values, the ticks say what they stand for.
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("0.##", c),
        };
        // Whole decades, so that at least two labelled ticks show even when every latency is within one.
        var bottom = Math.Floor(low);
        var top = Math.Max(Math.Ceiling(high), bottom + 1);
        plot.Axes.SetLimitsY(bottom - 0.05, top + 0.05);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = x => x.ToString("#,0.##", c) };
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(.05);
        plot.Grid.MinorLineWidth = 1;
        plot.Title(title);
        plot.XLabel("delivered per second (deliveries/s)");
        plot.YLabel("latency, ms (log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, width, height);
    }

    private static double Log(double latencyMs) => Math.Log10(Math.Max(latencyMs, FloorMs));
}
