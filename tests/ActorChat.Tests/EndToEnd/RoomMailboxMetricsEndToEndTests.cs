using System.Net.Http;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Transport;
using ActorChat.Tests.Support;
using Akka.Actor;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// <c>actorchat_room_mailbox_messages</c> (all rooms) and <c>_max</c> (the fullest) on a real
/// server, scraped over HTTP. The rooms run, through <c>--akka-config</c>, on a dispatcher of one
/// thread that the test holds with an actor of its own: what clients say then waits in the
/// rooms' mailboxes, exactly as many as were said, and is gone once the thread is let go.
/// </summary>
public sealed class RoomMailboxMetricsEndToEndTests : IAsyncLifetime
{
    private const string HeldDispatcher = "rooms-held-by-test";

    private readonly TempStorage _storage = new();
    private readonly string _akkaConfig = Path.Combine(Path.GetTempPath(), $"actorchat-rooms-dispatcher-{Guid.NewGuid():N}.conf");
    private ChatServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        File.WriteAllText(_akkaConfig, $$"""
            {{HeldDispatcher}} {
              type = ForkJoinDispatcher
              throughput = 100
              dedicated-thread-pool { thread-count = 1 }
            }
            akka.actor.deployment { "/rooms/*" { dispatcher = {{HeldDispatcher}} } }
            """);
        _server = await ChatServer.StartAsync(
            new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero, RatePerSecond = 0, ShutdownGrace = TimeSpan.FromSeconds(2) },
            _storage.Settings, new FileInfo(_akkaConfig), transports: new TransportSettings { HttpPort = 0 });
        _http = new HttpClient { BaseAddress = new Uri($"http://{_server.HttpEndPoint}/"), Timeout = RawClient.DefaultTimeout };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _storage.Dispose();
        File.Delete(_akkaConfig);
    }

    [Fact]
    public async Task Messages_waiting_for_held_rooms_are_counted_in_total_and_for_the_fullest_room_then_drain_to_zero()
    {
        await using var alice = await RawClient.LoginAsync(_server.EndPoint, "alice");
        await using var bob = await RawClient.LoginAsync(_server.EndPoint, "bob");
        await bob.SendAsync(new JoinRequest("side"));
        await bob.WaitForAsync<JoinedEvent>(j => j.Room == "side" && j.Name == "bob");
        await alice.WaitForAsync<JoinedEvent>(j => j.Name == "bob");

        var idle = await PrometheusText.ScrapeAsync(_http);
        Assert.Equal(2, idle.Sum("actorchat_rooms"));
        Assert.Equal(0, idle.Sum("actorchat_room_mailbox_messages"));
        Assert.Equal(0, idle.Sum("actorchat_room_mailbox_messages_max"));

        using var gate = new ManualResetEventSlim();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.System.ActorOf(Props.Create(() => new ThreadHolder(gate, held)).WithDispatcher(HeldDispatcher)).Tell("hold");
        await held.Task;
        try
        {
            for (var i = 1; i <= 5; i++) await alice.SendAsync(new SayRequest($"lobby {i}"));
            for (var i = 1; i <= 2; i++) await bob.SendAsync(new SayRequest($"side {i}", "side"));

            PrometheusText metrics = null!;
            await Eventually.TrueAsync(async () =>
            {
                metrics = await PrometheusText.ScrapeAsync(_http);
                return metrics.Sum("actorchat_room_mailbox_messages") >= 7;
            }, "the seven messages said waiting in the rooms' mailboxes");
            Assert.Equal(7, metrics.Sum("actorchat_room_mailbox_messages"));
            Assert.Equal(5, metrics.Sum("actorchat_room_mailbox_messages_max"));
        }
        finally
        {
            gate.Set();
        }

        await alice.WaitForAsync<ChatMessage>(m => m.Text == "lobby 5");
        await bob.WaitForAsync<ChatMessage>(m => m.Text == "side 2");
        await Eventually.TrueAsync(async () =>
        {
            var drained = await PrometheusText.ScrapeAsync(_http);
            return drained.Sum("actorchat_room_mailbox_messages") == 0 && drained.Sum("actorchat_room_mailbox_messages_max") == 0;
        }, "the rooms' mailboxes empty again");
    }

    /// <summary>Takes the one thread of the rooms' dispatcher until <c>gate</c> is set.</summary>
    private sealed class ThreadHolder : ReceiveActor
    {
        public ThreadHolder(ManualResetEventSlim gate, TaskCompletionSource held) =>
            Receive<string>(_ =>
            {
                held.SetResult();
                gate.Wait();
            });
    }
}
