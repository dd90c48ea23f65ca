using ActorChat.Bench;
using ActorChat.Tests.Client;

namespace ActorChat.Tests.Bench;

/// <summary><c>--chart</c>: a PNG comes out for a few synthetic points (its look is checked by eye, not here).</summary>
public sealed class LatencyChartTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void A_chart_of_a_few_steps_is_written_as_a_png()
    {
        using var folder = new TempDirectory();
        var file = folder.File("steps.png");
        LatencyChart.WritePng(file, "fanout --max", [
            new LatencyPoint(100_000, 2, 20, 40),
            new LatencyPoint(125_000, 3, 35, 70),
            new LatencyPoint(156_000, 8, 90, 300),
            new LatencyPoint(170_000, 250, 2_500, 4_000),
        ], limitMs: 100);
        AssertPng(file);
    }

    [Fact]
    public void A_single_run_with_zero_latencies_and_no_limit_still_makes_a_png()
    {
        // an empty run reports 0 ms, which a log scale cannot show: drawn at the floor instead
        using var folder = new TempDirectory();
        var file = folder.File("one.png");
        LatencyChart.WritePng(file, "rooms", [new LatencyPoint(0, 0, 0, 0)], limitMs: null, connect: false);
        AssertPng(file);
    }

    [Fact]
    public void A_chart_of_no_points_is_refused()
    {
        using var folder = new TempDirectory();
        Assert.Throws<ArgumentException>(() => LatencyChart.WritePng(folder.File("none.png"), "empty", []));
    }

    private static void AssertPng(string file)
    {
        var bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length > 5_000, $"a {bytes.Length}-byte PNG is too small to hold a chart");
        Assert.Equal(PngSignature, bytes[..PngSignature.Length]);
    }
}
