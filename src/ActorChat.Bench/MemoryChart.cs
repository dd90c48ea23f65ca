using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace ActorChat.Bench;

/// <summary>
/// <c>soak --chart FILE.png</c>: the server's RSS over the run, one point per sample, with the end
/// of the warm-up and the flat limit (the warm-up sample + 10 %) drawn in: a leak is a line that
/// keeps climbing through the limit, a healthy server a line that levels off under it.
/// </summary>
public static class MemoryChart
{
    /// <param name="warmUpSeconds">Drawn as a dotted vertical line; null for none.</param>
    /// <param name="flatLimitMiB">Drawn as a dashed horizontal line; null for none.</param>
    public static void WritePng(string path, string title, IReadOnlyList<(double Seconds, double MiB)> points, double? warmUpSeconds = null,
        double? flatLimitMiB = null, int width = 900, int height = 600)
    {
        if (points.Count == 0) throw new ArgumentException("A chart needs at least one point.", nameof(points));
        var c = CultureInfo.InvariantCulture;
        var xs = new double[points.Count];
        var ys = new double[points.Count];
        for (var i = 0; i < points.Count; i++) (xs[i], ys[i]) = points[i];

        var plot = new Plot();
        var rss = plot.Add.Scatter(xs, ys);
        rss.LegendText = "server RSS";
        rss.MarkerSize = 5;
        var high = ys.Max();
        if (flatLimitMiB is { } limit)
        {
            high = Math.Max(high, limit);
            var line = plot.Add.HorizontalLine(limit);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.Gray;
            line.LegendText = string.Format(c, "flat limit {0:F1} MiB (warm-up + {1:P0})", limit, SoakMemory.Tolerance);
        }
        if (warmUpSeconds is { } warmUp)
        {
            var line = plot.Add.VerticalLine(warmUp);
            line.LinePattern = LinePattern.Dotted;
            line.Color = Colors.Gray;
            line.LegendText = string.Format(c, "end of warm-up ({0:0.#} s)", warmUp);
        }
        // From zero, so that growth shows in proportion to the whole.
        plot.Axes.SetLimitsY(0, high * 1.1);
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = x => x.ToString("#,0.##", c) };
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = y => y.ToString("#,0.##", c) };
        plot.Title(title);
        plot.XLabel("elapsed, s");
        plot.YLabel("server RSS, MiB");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, width, height);
    }
}
