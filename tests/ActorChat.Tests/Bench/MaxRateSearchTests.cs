using ActorChat.Bench;

namespace ActorChat.Tests.Bench;

/// <summary><c>--max</c>'s stepping and its bar, driven by a fake run function (no sockets, no sleeping).</summary>
public sealed class MaxRateSearchTests
{
    private readonly List<double> _offered = [];
    private int _pauses;

    /// <summary>A fake server: each run at a rate gives <paramref name="resultAt"/>(rate); the offered rates are recorded.</summary>
    private Func<double, Task<BroadcastResult>> Server(Func<double, BroadcastResult> resultAt) => rate =>
    {
        _offered.Add(rate);
        return Task.FromResult(resultAt(rate));
    };

    private Task Pause()
    {
        _pauses++;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Rates_climb_by_the_step_factor_and_the_highest_step_that_held_is_the_answer()
    {
        // holds up to 2,000 msg/s, then p99 jumps past 100 ms
        var outcome = await new MaxRateSearch(new MaxRateSettings(1000), Server(rate => BenchResults.Delivered((long)rate * 10, rate <= 2000 ? 20 : 400)), Pause).RunAsync();

        Assert.Equal([1000, 1250, 1563, 1954, 2443], _offered);
        Assert.Equal(5, outcome.Steps.Count);
        Assert.Equal(1954, outcome.Best!.Rate);
        Assert.Equal(19540, outcome.Best.Result.DeliveriesPerSecond, 6);
        Assert.True(outcome.LimitFound);
        Assert.Equal(2443, outcome.FirstFailure!.Rate);
        Assert.Contains("p99", outcome.FirstFailure.Failure);
        Assert.Equal(4, _pauses); // between steps, not before the first
    }

    [Fact]
    public async Task Each_finished_step_is_reported_as_it_comes()
    {
        var reported = new List<MaxRateStep>();
        var outcome = await new MaxRateSearch(new MaxRateSettings(100, stepFactor: 2), Server(rate => BenchResults.Delivered(1000, rate < 400 ? 5 : 500)), Pause)
            .RunAsync(reported.Add);
        Assert.Equal(outcome.Steps, reported);
        Assert.Equal([true, true, false], reported.Select(s => s.Held));
    }

    [Fact]
    public async Task It_stops_after_max_steps_when_every_step_held_and_says_the_limit_was_not_found()
    {
        var outcome = await new MaxRateSearch(new MaxRateSettings(50, maxSteps: 3), Server(_ => BenchResults.Delivered(500, 1)), Pause).RunAsync();
        Assert.Equal([50, 63, 79], _offered);
        Assert.Equal(79, outcome.Best!.Rate);
        Assert.False(outcome.LimitFound);
        Assert.Null(outcome.FirstFailure);
    }

    [Fact]
    public async Task When_the_first_step_fails_there_is_no_max_rate()
    {
        var outcome = await new MaxRateSearch(new MaxRateSettings(1000), Server(_ => BenchResults.Delivered(500, 150)), Pause).RunAsync();
        Assert.Single(outcome.Steps);
        Assert.Null(outcome.Best);
        Assert.True(outcome.LimitFound);
        Assert.Equal(0, _pauses);
    }

    [Fact]
    public async Task Max_continue_runs_n_more_steps_past_the_first_failure_and_the_answer_stays_below_the_knee()
    {
        // holds up to 1,250 msg/s; past it latency climbs but deliveries keep growing
        var outcome = await new MaxRateSearch(new MaxRateSettings(1000, continuePastFailure: 2),
            Server(rate => BenchResults.Delivered((long)rate * 10, rate <= 1250 ? 20 : 400)), Pause).RunAsync();

        Assert.Equal([1000, 1250, 1563, 1954, 2443], _offered); // the failure at 1563, then 2 more
        Assert.Equal(1250, outcome.Best!.Rate);
        Assert.Equal(1563, outcome.FirstFailure!.Rate);
        Assert.True(outcome.LimitFound);
        Assert.Equal(2443, outcome.Ceiling!.Rate);
        Assert.Equal(24_430, outcome.Ceiling.Result.DeliveriesPerSecond, 6);
    }

    [Fact]
    public async Task A_step_past_a_failure_that_holds_again_does_not_raise_the_answer()
    {
        var verdicts = new Queue<double>([10, 300, 10, 300]); // p99 per step: a noisy step in between
        var outcome = await new MaxRateSearch(new MaxRateSettings(100, stepFactor: 2, continuePastFailure: 3),
            Server(rate => BenchResults.Delivered((long)rate * 10, verdicts.Count > 0 ? verdicts.Dequeue() : 300)), Pause).RunAsync();

        Assert.Equal([100, 200, 400, 800, 1600], _offered);
        Assert.Equal(100, outcome.Best!.Rate);
        Assert.Equal(200, outcome.FirstFailure!.Rate);
        Assert.True(outcome.Steps[2].Held);
    }

    [Fact]
    public async Task Max_continue_stops_early_at_a_step_that_delivers_less_than_the_one_before()
    {
        // the server saturates at 20,000 deliveries/s and collapses past it
        var delivered = new Dictionary<double, long> { [1000] = 10_000, [1250] = 12_500, [1563] = 20_000, [1954] = 15_000 };
        var outcome = await new MaxRateSearch(new MaxRateSettings(1000, continuePastFailure: 10),
            Server(rate => BenchResults.Delivered(delivered[rate], rate < 1563 ? 20 : 500)), Pause).RunAsync();

        Assert.Equal([1000, 1250, 1563, 1954], _offered);
        Assert.Equal(1563, outcome.Ceiling!.Rate);
        Assert.Equal(1250, outcome.Best!.Rate);
    }

    [Fact]
    public async Task Max_continue_is_still_bounded_by_max_steps()
    {
        var outcome = await new MaxRateSearch(new MaxRateSettings(1000, maxSteps: 3, continuePastFailure: 10),
            Server(rate => BenchResults.Delivered((long)rate * 10, 500)), Pause).RunAsync();
        Assert.Equal(3, outcome.Steps.Count);
        Assert.Null(outcome.Best);
        Assert.Equal(1000, outcome.FirstFailure!.Rate);
        Assert.Equal(1563, outcome.Ceiling!.Rate);
    }

    [Fact]
    public void The_cpu_figure_is_the_median_over_the_steps_at_20_to_90_percent_busy()
    {
        MaxRateStep Step(double rate, long deliveries, double? busy) =>
            new(rate, busy is { } b ? BenchResults.Delivered(deliveries, 10).WithServerCpu(b) : BenchResults.Delivered(deliveries, 10), null);
        var outcome = new MaxRateOutcome([
            Step(100, 1000, 19.9),    // too idle
            Step(125, 1000, 20),      // 200 µs each: counts (20 % inclusive)
            Step(156, 2000, 60),      // 300 µs
            Step(195, 1000, 90),      // 900 µs: counts (90 % inclusive)
            Step(244, 3000, 90.1),    // too busy
            Step(305, 4000, null),    // no reading
        ], Best: null);

        Assert.Equal([125, 156, 195], outcome.CpuSteps.Select(s => s.Rate));
        Assert.Equal(300, outcome.ServerCpuMicrosPerDelivery20To90!.Value, 6);
        Assert.Equal(305, outcome.Ceiling!.Rate);
        Assert.Null(new MaxRateOutcome([Step(100, 1000, null)], null).ServerCpuMicrosPerDelivery20To90);
        Assert.Null(new MaxRateOutcome([], null).Ceiling);
    }

    [Theory]
    [InlineData(1, 1.25, 2)]     // a tiny rate still climbs by at least one
    [InlineData(3, 1.25, 4)]
    [InlineData(1000, 1.25, 1250)]
    [InlineData(1250, 1.25, 1563)] // rounded half away from zero to whole messages per second
    [InlineData(0.5, 1.25, 1)]
    [InlineData(1000, 2, 2000)]
    public void The_next_rate_is_the_step_factor_times_the_rate_rounded(double rate, double factor, double next) =>
        Assert.Equal(next, new MaxRateSettings(1, factor).NextRate(rate));

    [Fact]
    public void A_step_holds_at_99_9_percent_delivered_and_p99_of_exactly_100_ms()
    {
        var settings = new MaxRateSettings(1000);
        Assert.Null(settings.WhyNotHeld(BenchResults.Result(expected: 10_000, delivered: 9_990, p50Ms: 1, p99Ms: 100, p999Ms: 300)));
    }

    [Fact]
    public void A_step_fails_below_99_9_percent_delivered()
    {
        var why = new MaxRateSettings(1000).WhyNotHeld(BenchResults.Result(expected: 10_000, delivered: 9_989, p50Ms: 1, p99Ms: 10, p999Ms: 20));
        Assert.Equal("99.89 % of the expected deliveries arrived, under 99.9 %", why);
    }

    [Fact]
    public void A_step_fails_on_a_single_duplicate_even_with_everything_delivered()
    {
        var why = new MaxRateSettings(1000).WhyNotHeld(BenchResults.Result(expected: 10_000, delivered: 10_000, p50Ms: 1, p99Ms: 10, p999Ms: 20, duplicates: 1));
        Assert.Equal("1 deliveries duplicated", why);
    }

    [Fact]
    public void A_step_fails_when_p99_passes_100_ms()
    {
        var why = new MaxRateSettings(1000).WhyNotHeld(BenchResults.Result(expected: 10_000, delivered: 10_000, p50Ms: 1, p99Ms: 100.5, p999Ms: 200));
        Assert.Equal("p99 latency 100.5 ms, over 100 ms", why);
    }

    [Fact]
    public void A_step_that_sent_nothing_did_not_hold()
    {
        var why = new MaxRateSettings(1000).WhyNotHeld(BenchResults.Result(expected: 0, delivered: 0, p50Ms: 0, p99Ms: 0, p999Ms: 0, sent: 0));
        Assert.NotNull(why);
    }

    [Fact]
    public void Settings_refuse_a_negative_max_continue() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxRateSettings(1000, continuePastFailure: -1));

    [Theory]
    [InlineData(0, 1.25, 20)]
    [InlineData(1000, 1.0, 20)]
    [InlineData(1000, 1.25, 0)]
    public void Settings_refuse_a_search_that_would_not_climb_or_not_run(double start, double factor, int maxSteps) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxRateSettings(start, factor, maxSteps));
}
