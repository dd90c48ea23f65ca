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

/// <summary>The broadcast scenarios run against a real server and count every delivery once.</summary>
public sealed class BroadcastBenchSmokeTests : ServerTestBase
{
    protected override ActorChat.Server.ServerLimits Limits => base.Limits with { MaxPerAddress = 1000 };

    [Fact]
    public async Task Fanout_delivers_every_message_to_every_member_once()
    {
        var result = await new BroadcastBenchmark(Server.EndPoint, clients: 20, roomSize: int.MaxValue, senders: 4,
            rate: 200, seconds: 1, textLength: 60, sourceAddresses: 1).RunAsync();
        Assert.True(result.Sent > 0);
        Assert.Equal(result.Sent * 20, result.Expected);
        Assert.Equal(result.Expected, result.Delivered);
        Assert.Equal(0, result.Duplicates);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Rooms_deliver_each_message_to_its_own_room_only()
    {
        var result = await new BroadcastBenchmark(Server.EndPoint, clients: 25, roomSize: 10, senders: 3,
            rate: 150, seconds: 1, textLength: 60, sourceAddresses: 1).RunAsync();
        Assert.True(result.Sent > 0);
        Assert.Equal(result.Expected, result.Delivered); // rooms of 10, 10 and 5
        Assert.Equal(0, result.Duplicates);
    }
}

/// <summary>The connect scenario logs idle clients in and reads the server's memory by pid.</summary>
public sealed class ConnectBenchSmokeTests : ServerTestBase
{
    protected override ActorChat.Server.ServerLimits Limits => base.Limits with { MaxPerAddress = 1000 };

    [Fact]
    public async Task Connect_logs_in_idle_clients_and_the_server_still_answers()
    {
        var result = await new ConnectBenchmark(Server.EndPoint, clients: 60, sourceAddresses: 1,
            serverPid: Environment.ProcessId).RunAsync();
        Assert.Equal(60, result.Clients);
        Assert.True(result.ServerAnswers);
        Assert.NotNull(result.RssAfter);
        Assert.Empty(result.Errors);
    }
}

/// <summary>The plain .NET reference server carries the broadcast scenarios and counts right.</summary>
public sealed class ReferenceServerBenchSmokeTests
{
    [Fact]
    public async Task Fanout_against_the_reference_server_delivers_every_message_to_every_member_once()
    {
        await using var server = ReferenceServer.Start(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var result = await new BroadcastBenchmark(server.EndPoint, clients: 20, roomSize: int.MaxValue, senders: 4,
            rate: 200, seconds: 1, textLength: 60, sourceAddresses: 1).RunAsync();
        Assert.True(result.Sent > 0);
        Assert.Equal(result.Sent * 20, result.Expected);
        Assert.Equal(result.Expected, result.Delivered);
        Assert.Equal(0, result.Duplicates);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Rooms_against_the_reference_server_deliver_each_message_to_its_own_room_only()
    {
        await using var server = ReferenceServer.Start(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var result = await new BroadcastBenchmark(server.EndPoint, clients: 25, roomSize: 10, senders: 3,
            rate: 150, seconds: 1, textLength: 60, sourceAddresses: 1).RunAsync();
        Assert.True(result.Sent > 0);
        Assert.Equal(result.Expected, result.Delivered);
        Assert.Equal(0, result.Duplicates);
        Assert.Empty(result.Errors);
    }
}
