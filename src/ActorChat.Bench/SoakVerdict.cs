using ActorChat.Messages.Events;

namespace ActorChat.Bench;

/// <summary>One row of a <c>soak</c>: when, the server's RSS, and what the clients had done by then.</summary>
/// <param name="ServerSessions">The server's own count (<c>stats</c>, the probe included); null when it did not answer.</param>
public sealed record SoakSample(TimeSpan Elapsed, long? RssBytes, int Live, int? ServerSessions, long Logins, long Messages, long Errors);

/// <summary>
/// Whether the server's memory stayed flat through a <c>soak</c>: the RSS of the first sample from
/// the end of the warm-up (a fifth of the run) on, against the largest and the last. Flat: the last
/// is at most <see cref="Tolerance"/> (10 %) above the warm-up sample; lower is flat too (the
/// collector gave memory back), since what a soak looks for is growth that does not stop.
/// </summary>
public sealed class SoakMemory
{
    public const double Tolerance = 0.10;

    public SoakMemory(IReadOnlyList<SoakSample> samples, TimeSpan warmUp)
    {
        var measured = samples.Where(s => s.RssBytes is not null).ToList();
        if (measured.Count == 0) return;
        WarmUp = measured.FirstOrDefault(s => s.Elapsed >= warmUp) ?? measured[^1];
        Last = measured[^1];
        Max = measured.MaxBy(s => s.RssBytes);
    }

    /// <summary>The first sample at or after the warm-up; null when no sample has an RSS (no <c>--server-pid</c>).</summary>
    public SoakSample? WarmUp { get; }

    public SoakSample? Max { get; }

    public SoakSample? Last { get; }

    /// <summary>The RSS that the last sample may reach and still be flat.</summary>
    public long? FlatLimitBytes => WarmUp?.RssBytes is { } rss ? (long)(rss * (1 + Tolerance)) : null;

    /// <summary>True when flat, false when the last sample is over the limit, null when unknown (no RSS).</summary>
    public bool? Flat => Last?.RssBytes is { } last && FlatLimitBytes is { } limit ? last <= limit : null;

    /// <summary>The last sample's RSS against the warm-up's, as a fraction (0.05 = 5 % more); null when unknown.</summary>
    public double? Growth => Last?.RssBytes is { } last && WarmUp?.RssBytes is { } first && first > 0 ? (double)last / first - 1 : null;
}

/// <summary>
/// The server's counts before a <c>soak</c> and the last seen once its clients were gone (null if the
/// server did not answer): back to idle when all four are the same again.
/// </summary>
public sealed record SoakCounts(StatsEvent Before, StatsEvent? After)
{
    public bool BackToIdle => After is { } after && Same(Before, after);

    /// <summary>The four counts alike (the <c>ref</c> aside).</summary>
    public static bool Same(StatsEvent a, StatsEvent b) =>
        (a.Sessions, a.Users, a.Rooms, a.Conversations) == (b.Sessions, b.Users, b.Rooms, b.Conversations);
}
