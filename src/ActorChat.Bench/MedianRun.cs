namespace ActorChat.Bench;

/// <summary>
/// <c>--runs N</c>: the median across runs of each figure a run reports. Each percentile is the
/// median of the runs' percentiles (not a percentile of the pooled deliveries), so one bad run
/// moves it no more than one good one. Lost and duplicated deliveries are also summed over all
/// runs (<see cref="LostTotal"/>, <see cref="DuplicatesTotal"/>): a median would hide a loss in one run.
/// </summary>
public sealed class MedianRun
{
    private readonly IReadOnlyList<BroadcastResult> _runs;

    public MedianRun(IReadOnlyList<BroadcastResult> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("At least one run is needed.", nameof(runs));
        _runs = runs;
    }

    public int Runs => _runs.Count;

    public double Clients => Of(r => r.Clients);

    public double Sent => Of(r => r.Sent);

    public double Expected => Of(r => r.Expected);

    public double Delivered => Of(r => r.Delivered);

    public double Lost => Of(r => r.Lost);

    public double Duplicates => Of(r => r.Duplicates);

    public double DeliveriesPerSecond => Of(r => r.DeliveriesPerSecond);

    /// <summary>The median of the runs' server busy % (those that have one); null when none has (no pid).</summary>
    public double? ServerBusyPercent => OfKnown(r => r.ServerBusyPercent);

    /// <summary>The median of the runs' server CPU µs per delivery (those that have one); null when none has.</summary>
    public double? ServerCpuMicrosPerDelivery => OfKnown(r => r.ServerCpuMicrosPerDelivery);

    public long LostTotal => Sum(r => r.Lost);

    public long DuplicatesTotal => Sum(r => r.Duplicates);

    /// <summary>The median of the runs' <paramref name="p"/>th percentiles (p in 0..100), in ms.</summary>
    public double Percentile(double p) => Of(r => r.Percentile(p));

    private double Of(Func<BroadcastResult, double> figure)
    {
        var values = new double[_runs.Count];
        for (var i = 0; i < values.Length; i++) values[i] = figure(_runs[i]);
        return Median.Of(values);
    }

    private double? OfKnown(Func<BroadcastResult, double?> figure)
    {
        var values = new List<double>(_runs.Count);
        foreach (var run in _runs)
            if (figure(run) is { } value) values.Add(value);
        return values.Count == 0 ? null : Median.Of(values);
    }

    private long Sum(Func<BroadcastResult, long> figure)
    {
        long total = 0;
        foreach (var run in _runs) total += figure(run);
        return total;
    }
}
