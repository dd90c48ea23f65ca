using System.Net;
using System.Text.Json;
using ActorChat.Bench;
using ActorChat.Tests.Client;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// <c>fanout --max --chart</c> through the real classes against the bench's reference server:
/// small and short, behaviour only (whether a step holds depends on the machine, so no figure and
/// no step's verdict is asserted, only that the search climbs, stops and reports what held).
/// </summary>
public sealed class MaxRateBenchSmokeTests
{
    [Fact]
    public async Task Max_climbs_from_the_start_rate_stops_and_reports_the_highest_step_that_held()
    {
        await using var server = ReferenceServer.Start(new IPEndPoint(IPAddress.Loopback, 0));
        using var folder = new TempDirectory();
        var chart = folder.File("max.png");
        var output = new StringWriter();
        var runner = new BroadcastRunner("fanout",
            rate => new BroadcastBenchmark(server.EndPoint, clients: 10, roomSize: int.MaxValue, senders: 2,
                rate, seconds: 1, textLength: 60, sourceAddresses: 1, serverPid: Environment.ProcessId).RunAsync(),
            output, () => Task.Delay(200));

        var outcome = await runner.MaxAsync(new MaxRateSettings(startRate: 50, stepFactor: 1.25, maxSteps: 3, continuePastFailure: 1), chart);

        Assert.InRange(outcome.Steps.Count, 1, 3);
        Assert.Equal(new double[] { 50, 63, 79 }.Take(outcome.Steps.Count), outcome.Steps.Select(s => s.Rate));
        Assert.All(outcome.Steps, s => Assert.True(s.Result.Sent > 0));
        // it stops before the third step only past a step that failed (one more with --max-continue 1)
        if (outcome.Steps.Count < 3) Assert.NotNull(outcome.FirstFailure);
        Assert.Equal(outcome.Steps.TakeWhile(s => s.Held).LastOrDefault(), outcome.Best);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(outcome.Steps.Count, lines.Count(l => l.StartsWith("| fanout @ ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("fanout --max: ", StringComparison.Ordinal));
        var json = JsonDocument.Parse(lines.Single(l => l.StartsWith('{'))).RootElement;
        if (outcome.Best is { } best) Assert.Equal(best.Rate, json.GetProperty("max_rate").GetDouble());
        else Assert.Equal(JsonValueKind.Null, json.GetProperty("max_rate").ValueKind);
        Assert.Equal(outcome.Steps.Count, json.GetProperty("steps").GetArrayLength());
        Assert.Equal(Math.Round(outcome.Steps.Max(s => s.Result.DeliveriesPerSecond)), json.GetProperty("ceiling_deliveries_per_second").GetDouble());
        // the server (the reference server, in this process) was read by pid at every step
        Assert.All(json.GetProperty("steps").EnumerateArray(), s => Assert.Equal(JsonValueKind.Number, s.GetProperty("server_busy_percent").ValueKind));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(chart)[..4]);
    }
}
