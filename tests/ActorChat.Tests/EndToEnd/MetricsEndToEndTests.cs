using System.Net;
using System.Net.Http;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Transport;
using ActorChat.Tests.Support;
using Akka.Actor;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// <c>/metrics</c> and <c>/readyz</c> on a real server's HTTP port, over HTTP: a scripted chat
/// between real TCP clients, then the scrape, parsed, shows the counts that chat produced; and
/// <c>/readyz</c> turns 503 from the first moment of a shutdown.
/// </summary>
public sealed class MetricsEndToEndTests : IAsyncLifetime
{
    private readonly TempStorage _storage = new();
    private ChatServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ChatServer.StartAsync(
            new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero, RatePerSecond = 0, ShutdownGrace = TimeSpan.FromSeconds(2) },
            _storage.Settings, transports: new TransportSettings { HttpPort = 0 });
        _http = new HttpClient { BaseAddress = new Uri($"http://{_server.HttpEndPoint}/"), Timeout = RawClient.DefaultTimeout };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _storage.Dispose();
    }

    private Task<PrometheusText> ScrapeAsync() => PrometheusText.ScrapeAsync(_http);

    /// <summary>Says <paramref name="text"/> in the lobby and waits until every one of <paramref name="members"/> has it.</summary>
    private static async Task SayAsync(RawClient from, string text, params RawClient[] members)
    {
        await from.SendAsync(new SayRequest(text));
        foreach (var member in members) await member.WaitForAsync<ChatMessage>(m => m.Text == text);
    }

    [Fact]
    public async Task After_a_scripted_chat_the_scrape_shows_the_logins_messages_deliveries_and_disconnects_it_made()
    {
        var alice = await RawClient.LoginAsync(_server.EndPoint, "alice");
        await using var bob = await RawClient.LoginAsync(_server.EndPoint, "bob");
        await alice.WaitForAsync<JoinedEvent>(j => j.Name == "bob");

        // Two refused logins: a taken name (the directory's refusal), an invalid one (the request gate's).
        await using (var impostor = await RawClient.ConnectAsync(_server.EndPoint))
        {
            await impostor.SendAsync(new LoginRequest("alice"));
            Assert.Equal(ErrorCodes.NameTaken, (await impostor.ExpectAsync<ErrorEvent>()).Code);
            await impostor.SendRawAsync("{\"type\":\"login\",\"name\":\"no spaces allowed\"}\n");
            Assert.Equal(ErrorCodes.InvalidName, (await impostor.ExpectAsync<ErrorEvent>()).Code);
        }

        // Four room messages to two members, one direct message (the recipient's copy and the sender's).
        await SayAsync(alice, "one", alice, bob);
        await SayAsync(alice, "two", alice, bob);
        await SayAsync(bob, "three", alice, bob);
        await SayAsync(alice, "four", alice, bob);
        await alice.SendAsync(new DmRequest("bob", "psst"));
        await bob.WaitForAsync<ChatMessage>(m => m.Text == "psst");
        await alice.WaitForAsync<ChatMessage>(m => m.Text == "psst");

        // A flood of unreadable frames: cut off with bye flood.
        await using (var flooder = await RawClient.ConnectAsync(_server.EndPoint))
        {
            await flooder.SendRawAsync(string.Concat(Enumerable.Repeat("not json\n", 80)));
            Assert.Equal(ByeReasons.Flood, (await flooder.WaitForAsync<ByeEvent>()).Reason);
        }

        await alice.SendAsync(new QuitRequest());
        Assert.Equal(ByeReasons.Quit, (await alice.WaitForAsync<ByeEvent>()).Reason);
        await alice.DisposeAsync();

        // The counts of a delivery are recorded just after its writes, the end of a connection just
        // after its close: wait until the last of them is in, then everything must be exact.
        PrometheusText metrics = null!;
        await Eventually.TrueAsync(async () =>
        {
            metrics = await ScrapeAsync();
            return metrics.Sum("actorchat_connections", "transport=tcp") == 1 && metrics.Sum("actorchat_deliveries_total") >= 10;
        }, "the impostor, the flooder and alice gone, and every delivery counted");

        Assert.Equal(2, metrics.Sum("actorchat_logins_total", "result=ok"));
        Assert.Equal(1, metrics.Sum("actorchat_logins_total", "result=refused", "reason=name_taken"));
        Assert.Equal(1, metrics.Sum("actorchat_logins_total", "result=refused", "reason=invalid_name"));
        Assert.Equal(2, metrics.Sum("actorchat_logins_total", "result=refused"));
        Assert.Equal(5, metrics.Sum("actorchat_messages_stored_total"));
        Assert.Equal(4 * 2 + 2, metrics.Sum("actorchat_deliveries_total"));
        // Each message was sent after the last one was seen: one commit, and one broadcast, each.
        Assert.Equal(5, metrics.Sum("actorchat_store_write_seconds_count"));
        Assert.Equal(5, metrics.Sum("actorchat_store_write_seconds_bucket", "le=+Inf"));
        Assert.Equal(5, metrics.Sum("actorchat_delivery_latency_seconds_count"));
        Assert.True(metrics.Sum("actorchat_store_write_seconds_sum") > 0);
        Assert.Equal(1, metrics.Sum("actorchat_disconnects_total", "reason=quit"));
        Assert.Equal(1, metrics.Sum("actorchat_disconnects_total", "reason=flood"));
        Assert.Equal(1, metrics.Sum("actorchat_disconnects_total", "reason=disconnected")); // the impostor
        Assert.Equal(3, metrics.Sum("actorchat_disconnects_total"));
        Assert.Equal(0, metrics.Sum("actorchat_connections", "transport=websocket"));
        Assert.Equal(1, metrics.Sum("actorchat_users"));
        Assert.Equal(1, metrics.Sum("actorchat_rooms"));
        Assert.False(metrics.Has("actorchat_cluster_members")); // no cluster here
        Assert.False(metrics.Has("actorchat_shards"));
        Assert.Equal(0, metrics.Sum("actorchat_room_mailbox_messages")); // the lobby has read everything
        // The runtime's own: GC and thread pool.
        Assert.True(metrics.Has("dotnet_gc_collections_total"));
        Assert.True(metrics.Has("dotnet_thread_pool_thread_count_total")); // the runtime reports it as a counter, hence _total
    }

    [Fact]
    public async Task Readyz_is_ready_while_serving_and_503_stopping_from_the_first_moment_of_a_shutdown()
    {
        var ready = await _http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready\n", await ready.Content.ReadAsStringAsync());
        await using var client = await RawClient.LoginAsync(_server.EndPoint, "alice");

        // Hold the shutdown in its first phase, before any client is told: already not ready.
        var held = new TaskCompletionSource<Akka.Done>(TaskCreationOptions.RunContinuationsAsynchronously);
        CoordinatedShutdown.Get(_server.System).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "held-by-test", () => held.Task);
        var stopping = _server.StopAsync();
        var notReady = await _http.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("stopping\n", await notReady.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("healthz")).StatusCode); // alive all the same

        held.SetResult(Akka.Done.Instance);
        Assert.Equal(ByeReasons.Shutdown, (await client.WaitForAsync<ByeEvent>()).Reason);
        await stopping;
    }
}
