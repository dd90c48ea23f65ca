using ActorChat.Bench;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// The broadcast bench over two cluster nodes (in this process, one PostgreSQL database): every
/// delivery counted once with the clients spread over both, and the broadcasts between nodes read
/// from the nodes' <c>stats</c> — fewer than one per member per message (no timing asserted).
/// </summary>
public sealed class ClusterBenchSmokeTests : TwoNodeClusterTest
{
    [SkippableFact]
    public async Task Fanout_over_two_nodes_counts_every_delivery_once_and_the_broadcasts_between_them()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var pid = Environment.ProcessId; // both nodes run in this process
        var result = await new BroadcastBenchmark([Cluster[0].EndPoint, Cluster[1].EndPoint], clients: 20, roomSize: int.MaxValue, senders: 4,
            rate: 200, seconds: 1, textLength: 60, sourceAddresses: 1, nodePids: [pid, pid]).RunAsync();

        BroadcastAssert.EveryMessageReachedEveryMemberOnce(result, membersPerMessage: 20);
        Assert.NotNull(result.RemoteBatches);
        // 10 members on the room's other node: per member that would be 10 per message; per node it is at most 1.
        Assert.InRange(result.RemoteBatches!.Value, 1, result.Sent + 20);
        Assert.Equal(2, result.NodeCpu.Count);
        Assert.All(result.NodeCpu, cpu => Assert.True(cpu?.Cpu > TimeSpan.Zero));
        var report = new StringWriter();
        ClusterReport.Write(result, [pid, pid], report);
        Assert.Contains("broadcasts between nodes", report.ToString());
    }
}
