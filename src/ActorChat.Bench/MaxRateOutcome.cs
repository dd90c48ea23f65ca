namespace ActorChat.Bench;

/// <summary>
/// What a <c>--max</c> search found. <see cref="Best"/> is the highest step that held before the
/// first step that did not (null if even the first did not). When <see cref="LimitFound"/> is
/// false every step held and the search ran out of steps, so the server's limit is above
/// <see cref="Best"/>, not at it. With <see cref="MaxRateSettings.ContinuePastFailure"/> the
/// steps go on past the first failure, to find the <see cref="Ceiling"/>.
/// </summary>
public sealed record MaxRateOutcome(IReadOnlyList<MaxRateStep> Steps, MaxRateStep? Best)
{
    /// <summary>Server busy % (of one core) within which a step's CPU per delivery counts for <see cref="ServerCpuMicrosPerDelivery20To90"/>.</summary>
    public const double CpuBusyFrom = 20, CpuBusyTo = 90;

    /// <summary>True if the search met a step that did not hold.</summary>
    public bool LimitFound => FirstFailure is not null;

    /// <summary>The first step that did not hold, if any (later steps may follow it with <c>--max-continue</c>).</summary>
    public MaxRateStep? FirstFailure => Steps.FirstOrDefault(s => !s.Held);

    /// <summary>The step that delivered the most per second, whatever its latency or loss: the server's ceiling; null without steps.</summary>
    public MaxRateStep? Ceiling => Steps.Count == 0 ? null : Steps.MaxBy(s => s.Result.DeliveriesPerSecond);

    /// <summary>
    /// The median server CPU µs per delivery over the steps whose server busy % was between
    /// <see cref="CpuBusyFrom"/> and <see cref="CpuBusyTo"/>: busy enough that fixed costs (timers,
    /// GC, the idle loop) are spread thin, not so busy that queueing inflates the cost. Null when
    /// no step qualifies (or no pid was given).
    /// </summary>
    public double? ServerCpuMicrosPerDelivery20To90 =>
        CpuSteps.Count == 0 ? null : Median.Of(CpuSteps.Select(s => s.Result.ServerCpuMicrosPerDelivery!.Value).ToList());

    /// <summary>The steps <see cref="ServerCpuMicrosPerDelivery20To90"/> is the median of.</summary>
    public IReadOnlyList<MaxRateStep> CpuSteps =>
        Steps.Where(s => s.Result.ServerBusyPercent is >= CpuBusyFrom and <= CpuBusyTo && s.Result.ServerCpuMicrosPerDelivery is not null).ToList();
}
