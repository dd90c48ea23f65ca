using ActorChat.Bench;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>The benchmark tool runs against a real server and counts right (no timing asserted).</summary>
public sealed class BenchSmokeTests : ServerTestBase
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_ack_scenario_counts_every_acknowledged_message(bool sharedRoom)
    {
        var result = await new AckBenchmark(Server.EndPoint, clients: 3, messagesPerClient: 200, window: 20,
            sharedRoom, textLength: 50, warmupPerClient: 10).RunAsync();
        Assert.Equal(600, result.Messages);
        Assert.Equal(600, result.SortedLatenciesMs.Length);
        Assert.True(result.PerSecond > 0);
    }
}
