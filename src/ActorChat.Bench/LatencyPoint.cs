namespace ActorChat.Bench;

/// <summary>One point of a latency chart: the rate a run delivered and its latency percentiles in ms.</summary>
public sealed record LatencyPoint(double DeliveriesPerSecond, double P50Ms, double P99Ms, double P999Ms)
{
    public static LatencyPoint From(BroadcastResult result) =>
        new(result.DeliveriesPerSecond, result.Percentile(50), result.Percentile(99), result.Percentile(99.9));
}
