using System.Text.Json;
using ActorChat.Bench;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// <c>soak</c> for a few seconds against an in-process server: clients come and go (quit, reset,
/// cut mid-frame), and once they are gone the server's counts are what they were before. The
/// server shares this process, so its RSS is the test run's: memory is printed, not judged here.
/// </summary>
public sealed class SoakBenchSmokeTests : ServerTestBase
{
    protected override ActorChat.Server.ServerLimits Limits => base.Limits with { MaxPerAddress = 1000 };

    [Fact]
    public async Task A_short_soak_churns_clients_and_the_servers_counts_come_back_to_idle()
    {
        var settings = new SoakSettings(Server.EndPoint, TimeSpan.FromSeconds(4), Concurrent: 10, Rooms: 3, SaysPerSecond: 20,
            ServerPid: Environment.ProcessId, Seed: 12345);
        var output = new StringWriter();

        var result = await new SoakBenchmark(settings, output).RunAsync();

        Assert.True(result.Counts.BackToIdle, output.ToString());
        Assert.Equal(new ActorChat.Messages.Events.StatsEvent(1, 1, 1, 0), result.Counts.Before); // the probe alone, in the lobby
        Assert.True(result.Clients.Logins > 10, output.ToString()); // more lives than slots: clients left and others came
        Assert.True(result.Clients.Quits + result.Clients.Vanished >= result.Clients.Logins - 10);
        Assert.True(result.Clients.Messages > 0);
        Assert.Equal(0, result.Clients.Errors);
        Assert.Equal(0, result.Clients.Live);
        Assert.Equal(10, result.Samples.Count); // every 0.4 s
        Assert.All(result.Samples, s => Assert.NotNull(s.RssBytes));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Count(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| elapsed", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal)));
        var json = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal("soak", json.GetProperty("scenario").GetString());
        Assert.True(json.GetProperty("back_to_idle").GetBoolean());
        Assert.Equal(0, json.GetProperty("counts_idle").GetProperty("conversations").GetInt32());
    }
}
