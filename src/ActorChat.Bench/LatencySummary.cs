using HdrHistogram;

namespace ActorChat.Bench;

/// <summary>The latency percentiles a run reports, in milliseconds.</summary>
public sealed record LatencySummary(double P50, double P90, double P99, double P999, double Max)
{
    public static readonly LatencySummary None = new(0, 0, 0, 0, 0);

    /// <summary>From a histogram of microseconds (HdrHistogram: 3 significant digits, so within 0.1 %).</summary>
    public static LatencySummary Of(LongHistogram microseconds)
    {
        if (microseconds.TotalCount == 0) return None;
        double Ms(double p) => microseconds.GetValueAtPercentile(p) / 1000.0;
        return new LatencySummary(Ms(50), Ms(90), Ms(99), Ms(99.9), microseconds.GetMaxValue() / 1000.0);
    }

    /// <summary>The percentile <paramref name="p"/>: one of 50, 90, 99, 99.9 and 100 (the maximum).</summary>
    public double At(double p) => p switch
    {
        50 => P50,
        90 => P90,
        99 => P99,
        99.9 => P999,
        100 => Max,
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, "reported percentiles are 50, 90, 99, 99.9 and 100"),
    };
}
