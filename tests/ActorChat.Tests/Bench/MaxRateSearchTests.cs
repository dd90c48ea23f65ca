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

    [Theory]
    [InlineData(0, 1.25, 20)]
    [InlineData(1000, 1.0, 20)]
    [InlineData(1000, 1.25, 0)]
    public void Settings_refuse_a_search_that_would_not_climb_or_not_run(double start, double factor, int maxSteps) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxRateSettings(start, factor, maxSteps));
}
