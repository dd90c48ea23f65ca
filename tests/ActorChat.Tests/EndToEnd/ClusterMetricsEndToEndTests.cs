using System.Net;
using System.Net.Http;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server.Hosting;
using ActorChat.Server.Transport;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// Two cluster nodes with HTTP ports: each exports the cluster's members (both up) and is ready;
/// a room message between users on both nodes is stored once and delivered twice, counted once
/// over the two nodes (on the node its room runs on), and the lobby's shard on that node.
/// </summary>
public sealed class ClusterMetricsEndToEndTests : IAsyncLifetime
{
    private readonly TempStorage? _database;
    private readonly string? _skipReason;
    private ClusterNodes? _nodes;

    public ClusterMetricsEndToEndTests() => _database = TempStorage.Postgres(out _skipReason);

    public async Task InitializeAsync()
    {
        if (_database is null) return;
        _nodes = new ClusterNodes(_database);
        await _nodes.StartNodeAsync(new TransportSettings { HttpPort = 0 });
        await _nodes.StartNodeAsync(new TransportSettings { HttpPort = 0 });
    }

    public async Task DisposeAsync()
    {
        if (_nodes is not null) await _nodes.DisposeAsync();
        _database?.Dispose();
    }

    private static HttpClient Http(ChatServer node) => new() { BaseAddress = new Uri($"http://{node.HttpEndPoint}/"), Timeout = RawClient.DefaultTimeout };

    [SkippableFact]
    public async Task Each_node_exports_both_members_up_and_is_ready_and_a_room_message_is_counted_once_over_the_cluster()
    {
        Skip.If(_skipReason is not null, _skipReason);
        using var first = Http(_nodes![0]);
        using var second = Http(_nodes[1]);
        foreach (var http in new[] { first, second })
        {
            await Eventually.TrueAsync(async () => (await PrometheusText.ScrapeAsync(http)).Sum("actorchat_cluster_members", "status=up") == 2,
                "both members up in this node's view", TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("readyz")).StatusCode);
        }

        await using var alice = await RawClient.LoginAsync(_nodes[0].EndPoint, "alice");
        await using var bob = await RawClient.LoginAsync(_nodes[1].EndPoint, "bob");
        await alice.WaitForAsync<JoinedEvent>(j => j.Name == "bob");
        await alice.SendAsync(new SayRequest("across"));
        await bob.WaitForAsync<ChatMessage>(m => m.Text == "across");
        await alice.WaitForAsync<ChatMessage>(m => m.Text == "across");

        double Total(PrometheusText a, PrometheusText b, string name) => a.Sum(name) + b.Sum(name);
        await Eventually.TrueAsync(async () => Total(await PrometheusText.ScrapeAsync(first), await PrometheusText.ScrapeAsync(second), "actorchat_deliveries_total") >= 2,
            "the message's deliveries counted");
        var (one, two) = (await PrometheusText.ScrapeAsync(first), await PrometheusText.ScrapeAsync(second));
        Assert.Equal(2, Total(one, two, "actorchat_deliveries_total"));
        Assert.Equal(1, Total(one, two, "actorchat_messages_stored_total"));
        Assert.Equal(1, one.Sum("actorchat_users"));
        Assert.Equal(1, two.Sum("actorchat_users"));
        Assert.Equal(1, one.Sum("actorchat_connections", "transport=tcp"));
        Assert.Equal(1, two.Sum("actorchat_connections", "transport=tcp"));

        // The lobby is the one room: its shard runs on the node its room runs on, and only there
        // (counted every few seconds, so awaited).
        await Eventually.TrueAsync(async () =>
            {
                (one, two) = (await PrometheusText.ScrapeAsync(first), await PrometheusText.ScrapeAsync(second));
                return Total(one, two, "actorchat_shards") == 1;
            }, "the lobby's shard counted", TimeSpan.FromSeconds(30));
        Assert.True(one.Has("actorchat_shards") && two.Has("actorchat_shards"));
        Assert.Equal(1, Total(one, two, "actorchat_rooms"));
        Assert.Equal(one.Sum("actorchat_rooms"), one.Sum("actorchat_shards"));
    }
}
