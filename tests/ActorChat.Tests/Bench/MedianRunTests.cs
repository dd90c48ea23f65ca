using ActorChat.Bench;

namespace ActorChat.Tests.Bench;

/// <summary><c>--runs N</c>: the median maths.</summary>
public sealed class MedianRunTests
{
    [Theory]
    [InlineData(new double[] { 5 }, 5)]
    [InlineData(new double[] { 3, 1, 2 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]   // even count: mean of the two middle values
    [InlineData(new double[] { 1, 1000, 2 }, 2)]      // one odd run does not drag it
    public void Median_is_the_middle_value(double[] values, double median) =>
        Assert.Equal(median, Median.Of(values));

    [Fact]
    public void Median_of_nothing_is_refused() =>
        Assert.Throws<ArgumentException>(() => Median.Of([]));

    [Fact]
    public void Median_does_not_reorder_its_input()
    {
        double[] values = [3, 1, 2];
        Median.Of(values);
        Assert.Equal([3, 1, 2], values);
    }

    [Fact]
    public void Each_figure_is_the_median_across_runs_and_each_percentile_the_median_of_the_runs_percentiles()
    {
        var runs = new[]
        {
            BenchResults.Result(expected: 1000, delivered: 1000, p50Ms: 5, p99Ms: 50, p999Ms: 80),
            BenchResults.Result(expected: 1000, delivered: 900, p50Ms: 1, p99Ms: 900, p999Ms: 950),
            BenchResults.Result(expected: 1000, delivered: 990, p50Ms: 3, p99Ms: 30, p999Ms: 60, duplicates: 2),
        };
        var median = new MedianRun(runs);

        Assert.Equal(3, median.Runs);
        Assert.Equal(990, median.DeliveriesPerSecond, 6);
        Assert.Equal(990, median.Delivered);
        Assert.Equal(10, median.Lost);
        Assert.Equal(3, median.Percentile(50), 6);
        Assert.Equal(50, median.Percentile(99), 6);
        Assert.Equal(80, median.Percentile(99.9), 6);
        Assert.Equal(80, median.Percentile(100), 6);
        // the median hides the worst run's loss; the totals do not
        Assert.Equal(110, median.LostTotal);
        Assert.Equal(2, median.DuplicatesTotal);
        Assert.Equal(0, median.Duplicates);
    }

    [Fact]
    public void No_runs_is_refused() =>
        Assert.Throws<ArgumentException>(() => new MedianRun([]));

    [Fact]
    public void The_servers_cpu_figures_are_medians_of_the_runs_that_have_them_and_null_when_none_has()
    {
        var runs = new[]
        {
            BenchResults.Result(expected: 1000, delivered: 1000, p50Ms: 1, p99Ms: 2, p999Ms: 3).WithServerCpu(30),
            BenchResults.Result(expected: 1000, delivered: 1000, p50Ms: 1, p99Ms: 2, p999Ms: 3),                  // the server's stat was not readable
            BenchResults.Result(expected: 1000, delivered: 1000, p50Ms: 1, p99Ms: 2, p999Ms: 3).WithServerCpu(50),
        };
        var median = new MedianRun(runs);
        Assert.Equal(40, median.ServerBusyPercent!.Value, 6);
        Assert.Equal(400, median.ServerCpuMicrosPerDelivery!.Value, 6); // 300 and 500 µs per delivery
        Assert.Null(new MedianRun([runs[1]]).ServerBusyPercent);
        Assert.Null(new MedianRun([runs[1]]).ServerCpuMicrosPerDelivery);
    }
}
