using System.Globalization;

namespace ActorChat.Bench;

/// <summary>
/// What <c>--max</c> steps through and what counts as a step that held. The bar is the issue's:
/// at least 99.9 % of the expected deliveries arrive, none twice, and p99 latency stays at or
/// under 100 ms — a server that keeps up but makes people wait seconds has not carried the load.
/// </summary>
public sealed class MaxRateSettings
{
    public MaxRateSettings(double startRate, double stepFactor = 1.25, int maxSteps = 20, double minDeliveredFraction = 0.999, double maxP99Ms = 100,
        int continuePastFailure = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(continuePastFailure);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(startRate);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stepFactor, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minDeliveredFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minDeliveredFraction, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxP99Ms);
        StartRate = startRate;
        StepFactor = stepFactor;
        MaxSteps = maxSteps;
        MinDeliveredFraction = minDeliveredFraction;
        MaxP99Ms = maxP99Ms;
        ContinuePastFailure = continuePastFailure;
    }

    /// <summary>Offered messages per second (all senders together) of the first step.</summary>
    public double StartRate { get; }

    /// <summary>Each step offers this many times the previous step's rate.</summary>
    public double StepFactor { get; }

    /// <summary>The search stops after this many steps even if all held, so a run always ends.</summary>
    public int MaxSteps { get; }

    /// <summary>
    /// <c>--max-continue</c>: steps to run after the first that did not hold (0: stop there), to
    /// find the ceiling past the knee. Still within <see cref="MaxSteps"/>.
    /// </summary>
    public int ContinuePastFailure { get; }

    public double MinDeliveredFraction { get; }

    public double MaxP99Ms { get; }

    /// <summary>
    /// The rate after <paramref name="rate"/>: rounded to whole messages per second so that the
    /// table and the JSON read cleanly, and at least one more so that a tiny rate still climbs.
    /// </summary>
    public double NextRate(double rate) =>
        Math.Max(Math.Round(rate * StepFactor, MidpointRounding.AwayFromZero), Math.Floor(rate) + 1);

    /// <summary>Null if the run held; otherwise the first reason it did not, for the report.</summary>
    public string? WhyNotHeld(BroadcastResult result)
    {
        var c = CultureInfo.InvariantCulture;
        if (result.Expected <= 0) return "nothing was sent, so nothing could be delivered";
        if (result.Duplicates > 0) return string.Format(c, "{0} deliveries duplicated", result.Duplicates);
        var delivered = (double)result.Delivered / result.Expected;
        if (delivered < MinDeliveredFraction)
            return string.Format(c, "{0:F2} % of the expected deliveries arrived, under {1:0.###} %", delivered * 100, MinDeliveredFraction * 100);
        var p99 = result.Percentile(99);
        if (p99 > MaxP99Ms) return string.Format(c, "p99 latency {0:F1} ms, over {1:0.###} ms", p99, MaxP99Ms);
        return null;
    }
}
