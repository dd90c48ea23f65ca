using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// Three server processes as one cluster over one PostgreSQL database, clients spread over them,
/// traffic in several rooms (so some run on the node that goes): a node killed with SIGKILL, and
/// every node restarted in turn, lose no acknowledged message; each is in its room's history
/// exactly once, in the order of its ids; the clients of the node that went reconnect elsewhere.
/// </summary>
public sealed class ClusterProcessTests : IAsyncLifetime
{
    private static readonly string[] Rooms = ["r0", "r1", "r2", "r3", "r4", "r5"];
    private readonly TempStorage? _database;
    private readonly string? _skipReason;
    private ClusterProcesses? _cluster;

    public ClusterProcessTests() => _database = TempStorage.Postgres(out _skipReason);

    public async Task InitializeAsync()
    {
        if (_database is null) return;
        _cluster = new ClusterProcesses(_database, 3);
        await _cluster.StartAllAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        _database?.Dispose();
    }

    private List<ResilientPoster> Posters() =>
        Enumerable.Range(0, 3).Select(i => new ResilientPoster($"poster{i}", _cluster!.EndPoints, i, Rooms)).ToList();

    /// <summary>Every acknowledged post is in its room's history once; nothing is there twice; ids rise.</summary>
    private async Task AssertHistoryHoldsEveryAcknowledgedPostOnceAsync(IReadOnlyList<ResilientPoster> posters, int liveNode)
    {
        await using var auditor = await RawClient.LoginAsync(_cluster!.EndPoint(liveNode), "auditor");
        foreach (var room in Rooms)
        {
            var messages = await WholeHistoryAsync(auditor, room);
            Assert.Equal(messages.Select(m => m.Id).Order(), messages.Select(m => m.Id));
            Assert.Equal(messages.Count, messages.Select(m => m.Text).Distinct().Count()); // nothing stored twice
            var stored = messages.ToDictionary(m => m.Text, m => m.Id);
            foreach (var (_, text, id) in posters.SelectMany(p => p.Acknowledged).Where(a => a.Room == room))
                Assert.Equal(id, stored.GetValueOrDefault(text)); // there, under the id it was acknowledged with
        }
    }

    /// <summary>A room's whole history, page by page from the newest, oldest first.</summary>
    private static async Task<List<ChatMessage>> WholeHistoryAsync(RawClient client, string room)
    {
        var messages = new List<ChatMessage>();
        long? before = null;
        for (var page = 0; ; page++)
        {
            var id = $"{room}-{page}";
            await client.SendAsync(new HistoryRequest(room, before, ProtocolInfo.MaxHistoryLimit) { Id = id });
            var history = await client.WaitForAsync<HistoryEvent>(h => h.Ref == RequestRef.Of(id), TimeSpan.FromSeconds(20));
            if (history.Messages.Count == 0) return messages;
            messages.InsertRange(0, history.Messages);
            before = history.Messages[0].Id;
        }
    }

    [SkippableFact]
    public async Task A_node_killed_under_traffic_loses_no_acknowledged_message_and_its_clients_go_on_elsewhere()
    {
        Skip.If(_skipReason is not null, _skipReason);
        var posters = Posters();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var traffic = posters.Select(p => p.PostAsync(36, stop.Token, TimeSpan.FromMilliseconds(30))).ToList();
        while (posters.Min(p => p.Acknowledged.Count) < 8) await Task.Delay(50);

        await _cluster!.KillAsync(2);
        await Task.WhenAll(traffic);

        Assert.All(posters, p => Assert.Equal(36, p.Acknowledged.Count));
        Assert.True(posters[2].Reconnects > 0, "the killed node's client reconnected to another node");
        await AssertHistoryHoldsEveryAcknowledgedPostOnceAsync(posters, liveNode: 0);
        foreach (var poster in posters) await poster.QuitAsync();
    }

    [SkippableFact]
    public async Task A_rolling_restart_of_every_node_under_traffic_loses_nothing()
    {
        Skip.If(_skipReason is not null, _skipReason);
        var posters = Posters();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var traffic = posters.Select(p => p.PostAsync(1000, stop.Token, TimeSpan.FromMilliseconds(30))).ToList();
        for (var node = _cluster!.Count - 1; node >= 0; node--)
        {
            var before = posters.Sum(p => p.Acknowledged.Count);
            while (posters.Sum(p => p.Acknowledged.Count) < before + 15) await Task.Delay(50);
            Assert.Equal(0, await _cluster.StopAsync(node)); // SIGTERM: leaves gracefully
            await _cluster.StartAsync(node);
        }
        var after = posters.Sum(p => p.Acknowledged.Count);
        while (posters.Sum(p => p.Acknowledged.Count) < after + 15) await Task.Delay(50);
        stop.Cancel();
        try { await Task.WhenAll(traffic); } catch (OperationCanceledException) { }

        Assert.All(posters, p => Assert.True(p.Reconnects > 0, $"{p.Name} went through a restart of its node"));
        await AssertHistoryHoldsEveryAcknowledgedPostOnceAsync(posters, liveNode: 0);
        foreach (var poster in posters) await poster.QuitAsync();
    }
}
