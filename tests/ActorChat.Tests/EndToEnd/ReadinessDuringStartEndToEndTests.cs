using System.Net;
using System.Net.Http;
using ActorChat.Server.Hosting;
using ActorChat.Server.Transport;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// <c>/readyz</c> during a real start: a cluster node whose seed is not up yet already serves its
/// HTTP port but is not ready (503 <c>starting</c>, its listener waits for the join); once the
/// seed comes up and the node joins, it is ready and takes clients.
/// </summary>
public sealed class ReadinessDuringStartEndToEndTests : IAsyncLifetime
{
    private readonly TempStorage? _database;
    private readonly string? _skipReason;
    private readonly List<ChatServer> _nodes = [];
    private Task<ChatServer>? _joining;

    public ReadinessDuringStartEndToEndTests() => _database = TempStorage.Postgres(out _skipReason);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_joining is not null)
        {
            try { _nodes.Insert(0, await _joining); } catch (InvalidOperationException) { /* never joined: already stopped */ }
        }
        foreach (var node in _nodes) await node.DisposeAsync();
        _database?.Dispose();
    }

    [SkippableFact]
    public async Task A_node_waiting_for_its_seed_answers_starting_and_is_ready_once_it_has_joined()
    {
        Skip.If(_skipReason is not null, _skipReason);
        // Ports known before anything listens: the seed's cluster port (the joining node's seed
        // list names it) and the joining node's HTTP port (asked before its start returns).
        var seedPort = Ports.Free();
        var httpPort = Ports.Free();
        _joining = ChatServer.StartAsync(ClusterNodes.Limits, _database!.Settings,
            cluster: ClusterNodes.Settings with { Seeds = [$"127.0.0.1:{seedPort}"] },
            transports: new TransportSettings { HttpPort = httpPort });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = RawClient.DefaultTimeout };

        HttpResponseMessage? answer = null;
        await Eventually.TrueAsync(async () =>
        {
            try { answer = await http.GetAsync("readyz"); return true; }
            catch (HttpRequestException) { return false; } // not listening yet
        }, "the joining node's HTTP port answering", TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer!.StatusCode);
        Assert.Equal("starting\n", await answer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode); // alive all the same
        Assert.False(_joining.IsCompleted);

        _nodes.Add(await ChatServer.StartAsync(ClusterNodes.Limits, _database.Settings, cluster: ClusterNodes.Settings with { Port = seedPort, Seeds = [] }));
        var joined = await _joining;
        _nodes.Insert(0, joined);
        _joining = null;

        var ready = await http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready\n", await ready.Content.ReadAsStringAsync());
        await using var alice = await RawClient.LoginAsync(joined.EndPoint, "alice");
    }
}
