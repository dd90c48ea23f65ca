using System.Text.Json;
using ActorChat.Bench;
using ActorChat.Tests.Client;

namespace ActorChat.Tests.Bench;

/// <summary>What the <c>fanout</c>/<c>rooms</c> modes print, driven by fake runs (no sockets, no sleeping).</summary>
public sealed class BroadcastRunnerTests
{
    private readonly StringWriter _output = new();
    private readonly Queue<BroadcastResult> _results = new();

    private BroadcastRunner Runner() => new("fanout", _ => Task.FromResult(_results.Dequeue()), _output, () => Task.CompletedTask);

    private string[] Lines => _output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private JsonElement LastJson => JsonDocument.Parse(Lines[^1]).RootElement;

    [Fact]
    public async Task One_run_prints_the_header_its_row_and_its_json_line_as_before()
    {
        _results.Enqueue(BenchResults.Result(expected: 1000, delivered: 1000, p50Ms: 1.5, p99Ms: 12, p999Ms: 20) with { ServerRssBytes = 150 * 1048576L });
        await Runner().SeriesAsync(100, runs: 1, chartPath: null);
        Assert.Equal(4, Lines.Length);
        Assert.StartsWith("| scenario | clients |", Lines[0]);
        Assert.Equal("| fanout | 10 | 100 | 1000 | 1000 | 0 | 0 | 1000 | ? | ? | 1.50 | 12.00 | 12.00 | 20.00 | 20.00 | 150.0 |", Lines[2]);
        Assert.Equal(1000, LastJson.GetProperty("deliveries_per_second").GetDouble());
        Assert.Equal(12, LastJson.GetProperty("p99_ms").GetDouble());
        Assert.Equal(150 * 1048576L, LastJson.GetProperty("server_rss_bytes").GetInt64());
        Assert.Equal(JsonValueKind.Null, LastJson.GetProperty("server_busy_percent").ValueKind); // no --server-pid
        Assert.Equal(JsonValueKind.Null, LastJson.GetProperty("server_cpu_us_per_delivery").ValueKind);
    }

    [Fact]
    public void The_header_puts_the_server_cpu_columns_after_deliveries_per_second()
    {
        new BroadcastReport("rooms", _output).WriteHeader();
        var header = Lines[0].Split('|', StringSplitOptions.TrimEntries);
        var at = Array.IndexOf(header, "deliveries/s");
        Assert.Equal(["server busy %", "server µs/delivery"], header[(at + 1)..(at + 3)]);
        Assert.Equal(header.Length - 2, Lines[1].Split('|').Length - 2); // as many separators as columns
    }

    [Fact]
    public async Task With_the_servers_cpu_a_run_shows_its_busy_percent_and_cpu_per_delivery()
    {
        // 60 % of a core for a second over 200,000 deliveries: 0.6 s = 600,000 µs, 3 µs each
        _results.Enqueue(BenchResults.Result(expected: 200_000, delivered: 200_000, p50Ms: 1, p99Ms: 5, p999Ms: 9).WithServerCpu(60));
        await Runner().SeriesAsync(100, runs: 1, chartPath: null);
        Assert.StartsWith("| fanout | 10 | 100 | 200000 | 200000 | 0 | 0 | 200000 | 60.0 | 3.00 | 1.00 |", Lines[2]);
        Assert.Equal(60, LastJson.GetProperty("server_busy_percent").GetDouble(), 6);
        Assert.Equal(3, LastJson.GetProperty("server_cpu_us_per_delivery").GetDouble(), 6);
    }

    [Fact]
    public async Task Several_runs_print_every_row_then_the_median_row_and_the_median_json()
    {
        _results.Enqueue(BenchResults.Result(expected: 1000, delivered: 1000, p50Ms: 5, p99Ms: 50, p999Ms: 80));
        _results.Enqueue(BenchResults.Result(expected: 1000, delivered: 900, p50Ms: 1, p99Ms: 900, p999Ms: 950));
        _results.Enqueue(BenchResults.Result(expected: 1000, delivered: 990, p50Ms: 3, p99Ms: 30, p999Ms: 60));
        var results = await Runner().SeriesAsync(100, runs: 3, chartPath: null);

        Assert.Equal(3, results.Count);
        Assert.StartsWith("| fanout run 1 |", Lines[2]);
        Assert.StartsWith("| fanout run 3 |", Lines[4]);
        Assert.Equal("| fanout median of 3 | 10 | 100 | 1000 | 990 | 10 | 0 | 990 | ? | ? | 3.00 | 50.00 | 50.00 | 80.00 | 80.00 | ? |", Lines[5]);
        Assert.Contains("over all runs 110 lost, 0 duplicated", Lines[6]);
        var json = LastJson;
        Assert.Equal("median", json.GetProperty("statistic").GetString());
        Assert.Equal(3, json.GetProperty("runs").GetInt32());
        Assert.Equal(990, json.GetProperty("deliveries_per_second").GetDouble());
        Assert.Equal(3, json.GetProperty("p50_ms").GetDouble());
        Assert.Equal(50, json.GetProperty("p99_ms").GetDouble());
        Assert.Equal(110, json.GetProperty("lost_total").GetInt64());
        Assert.Equal([1000, 900, 990], json.GetProperty("runs_deliveries_per_second").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("server_busy_percent").ValueKind);
    }

    [Fact]
    public async Task The_median_row_and_json_carry_the_median_of_the_runs_server_cpu()
    {
        _results.Enqueue(BenchResults.Result(expected: 1000, delivered: 1000, p50Ms: 5, p99Ms: 50, p999Ms: 80).WithServerCpu(10));   // 100 µs each
        _results.Enqueue(BenchResults.Result(expected: 1000, delivered: 500, p50Ms: 1, p99Ms: 900, p999Ms: 950).WithServerCpu(40));  // 800 µs
        _results.Enqueue(BenchResults.Result(expected: 1000, delivered: 1000, p50Ms: 3, p99Ms: 30, p999Ms: 60).WithServerCpu(20));   // 200 µs
        await Runner().SeriesAsync(100, runs: 3, chartPath: null);
        Assert.StartsWith("| fanout median of 3 | 10 | 100 | 1000 | 1000 | 0 | 0 | 1000 | 20.0 | 200.00 |", Lines[5]);
        Assert.Equal(20, LastJson.GetProperty("server_busy_percent").GetDouble(), 6);
        Assert.Equal(200, LastJson.GetProperty("server_cpu_us_per_delivery").GetDouble(), 6);
    }

    [Fact]
    public async Task Max_prints_a_row_per_step_then_the_rate_that_held_and_a_json_line_with_every_step()
    {
        _results.Enqueue(BenchResults.Delivered(10_000, 10));
        _results.Enqueue(BenchResults.Delivered(12_500, 40));
        _results.Enqueue(BenchResults.Delivered(15_000, 300));
        using var folder = new TempDirectory();
        var chart = folder.File("max.png");
        var outcome = await Runner().MaxAsync(new MaxRateSettings(1000), chart);

        Assert.Equal(1250, outcome.Best!.Rate);
        Assert.StartsWith("| fanout @ 1000 msg/s |", Lines[2]);
        Assert.StartsWith("| fanout @ 1250 msg/s |", Lines[3]);
        Assert.StartsWith("| fanout @ 1563 msg/s |", Lines[4]);
        Assert.Equal("fanout --max: 1250 msg/s held (12,500 deliveries/s, p50 4.00 ms, p99 40.00 ms); 1563 msg/s did not: p99 latency 300.0 ms, over 100 ms; "
            + "ceiling 15,000 deliveries/s (at 1563 msg/s); cpu ? (no step at 20-90 % server busy; give --server-pid)", Lines[5]);
        Assert.Equal("chart written to " + chart, Lines[^1]);
        var json = JsonDocument.Parse(Lines[6]).RootElement;
        Assert.Equal("fanout", json.GetProperty("scenario").GetString());
        Assert.Equal(1250, json.GetProperty("max_rate").GetDouble());
        Assert.Equal(12_500, json.GetProperty("max_deliveries_per_second").GetDouble());
        Assert.True(json.GetProperty("limit_found").GetBoolean());
        Assert.Equal([true, true, false], json.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("held").GetBoolean()));
        Assert.Equal(15_000, json.GetProperty("ceiling_deliveries_per_second").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("server_cpu_us_per_delivery_20_90").ValueKind);
        Assert.All(json.GetProperty("steps").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("server_busy_percent").ValueKind));
        Assert.True(new FileInfo(chart).Length > 0);
    }

    [Fact]
    public async Task Max_with_the_servers_cpu_reports_the_ceiling_past_the_knee_and_the_cpu_of_the_20_to_90_percent_steps()
    {
        _results.Enqueue(BenchResults.Delivered(10_000, 10).WithServerCpu(10));  // too idle to count: 10 µs each
        _results.Enqueue(BenchResults.Delivered(20_000, 20).WithServerCpu(40));  // 20 µs
        _results.Enqueue(BenchResults.Delivered(30_000, 40).WithServerCpu(75));  // 25 µs
        _results.Enqueue(BenchResults.Delivered(36_000, 400).WithServerCpu(95)); // fails the bar; too busy to count
        _results.Enqueue(BenchResults.Delivered(40_000, 900).WithServerCpu(99)); // the ceiling, past the knee
        _results.Enqueue(BenchResults.Delivered(38_000, 2000).WithServerCpu(99)); // delivered less: the search stops
        var outcome = await Runner().MaxAsync(new MaxRateSettings(1000, continuePastFailure: 5), chartPath: null);

        Assert.Equal(6, outcome.Steps.Count);
        Assert.Equal(1563, outcome.Best!.Rate);
        Assert.Equal(40_000, outcome.Ceiling!.Result.DeliveriesPerSecond, 6);
        Assert.EndsWith("; ceiling 40,000 deliveries/s (at 2443 msg/s); cpu 22.50 server µs/delivery (median of 2 steps at 20-90 % server busy)", Lines[8]);
        var json = LastJson;
        Assert.Equal(1563, json.GetProperty("max_rate").GetDouble());
        Assert.Equal(40_000, json.GetProperty("ceiling_deliveries_per_second").GetDouble());
        Assert.Equal(2443, json.GetProperty("ceiling_rate").GetDouble());
        Assert.Equal(22.5, json.GetProperty("server_cpu_us_per_delivery_20_90").GetDouble(), 6);
        Assert.Equal(5, json.GetProperty("max_continue").GetInt32());
        var steps = json.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal([10, 40, 75, 95, 99, 99], steps.Select(s => s.GetProperty("server_busy_percent").GetDouble()));
        Assert.Equal(20, steps[1].GetProperty("server_cpu_us_per_delivery").GetDouble(), 6);
        Assert.Equal([true, true, true, false, false, false], steps.Select(s => s.GetProperty("held").GetBoolean()));
    }

    [Fact]
    public async Task Max_with_no_step_that_held_reports_a_null_rate()
    {
        _results.Enqueue(BenchResults.Result(expected: 1000, delivered: 500, p50Ms: 1, p99Ms: 2, p999Ms: 3));
        var outcome = await Runner().MaxAsync(new MaxRateSettings(1000), chartPath: null);
        Assert.Null(outcome.Best);
        Assert.StartsWith("fanout --max: no step held; 1000 msg/s did not: 50.00 %", Lines[3]);
        Assert.Equal(JsonValueKind.Null, LastJson.GetProperty("max_rate").ValueKind);
    }
}
