using System.Net;
using System.Net.Sockets;
using ActorChat.Client.Output;
using ActorChat.Client.Session;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Support;
using Akka.Actor;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// The client's session against a real server that stops and starts again on the same port
/// and store: it reconnects, catches up, shows every message exactly once, and sends what was
/// typed while it was away.
/// </summary>
public sealed class ReconnectEndToEndTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly TempStorage _storage = new();
    private readonly PrintedLines _printed = new();
    private readonly int _port = Ports.Free();
    private ChatServer? _server;

    public ReconnectEndToEndTests() : base("akka.loglevel = WARNING") { }

    private ServerLimits Limits => new() { Port = _port, IdleShutdown = TimeSpan.Zero, ShutdownGrace = TimeSpan.FromSeconds(1), RatePerSecond = 0 };

    public async Task InitializeAsync() => _server = await ChatServer.StartAsync(Limits, _storage.Settings);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _storage.Dispose();
    }

    private Task WaitForLine(Func<string, bool> match, string what) => _printed.WaitFor(match, what, Wait);

    private int Count(string suffix) => _printed.CountEndingWith(suffix);

    [Fact]
    public async Task After_a_server_restart_the_client_catches_up_without_gap_or_duplicate_and_sends_what_was_typed_meanwhile()
    {
        var exitCode = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new SessionSettings(new IPEndPoint(IPAddress.Loopback, _port), "alice", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5))
        {
            Reconnect = true,
            // Long enough for bob to talk while alice is away; the randomness pinned to the middle.
            ReconnectInitialDelay = TimeSpan.FromSeconds(2),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
            Random = () => 0.5,
        };
        var session = Sys.ActorOf(ChatSession.Props(settings, _printed.Writer, TimeProvider.System, exitCode));
        await WaitForLine(l => l.EndsWith("* alice joined (1 member)"), "alice's join");

        await using (var bob = await RawClient.LoginAsync(_server!.EndPoint, "bob"))
        {
            for (var i = 1; i <= 3; i++) await bob.SendAsync(new SayRequest("before-" + i));
            await WaitForLine(l => l.EndsWith("bob: before-3"), "bob's last message before the restart");
        }

        await _server.DisposeAsync();
        _server = null;
        await WaitForLine(l => l.Contains("reconnecting in 1.5 s"), "the reconnect notice");
        session.Tell(new TypedLine("typed while away"));

        _server = await ChatServer.StartAsync(Limits, _storage.Settings);
        await using var bobAgain = await RawClient.LoginAsync(_server.EndPoint, "bob");
        for (var i = 1; i <= 60; i++) await bobAgain.SendAsync(new SayRequest("away-" + i) { Id = i });
        for (var i = 1; i <= 60; i++) await bobAgain.WaitForAsync<ChatMessage>();

        await WaitForLine(l => l.EndsWith("alice: typed while away"), "alice's pending line, sent after the reconnect");
        await WaitForLine(l => l.EndsWith("* reconnected as alice"), "the reconnect");
        await bobAgain.SendAsync(new SayRequest("after"));
        await WaitForLine(l => l.EndsWith("bob: after"), "a live message after the reconnect");

        foreach (var text in Enumerable.Range(1, 3).Select(i => "before-" + i).Concat(Enumerable.Range(1, 60).Select(i => "away-" + i)).Append("after"))
            Assert.True(Count("bob: " + text) == 1, $"\"{text}\" shown {Count("bob: " + text)} times:\n{string.Join("\n", _printed.All())}");
        Assert.Equal(1, Count("alice: typed while away"));

        // In order, no gap: the away messages appear as one run, oldest first.
        var shown = _printed.All().Where(l => l.Contains("bob: away-")).Select(l => l[(l.IndexOf("away-", StringComparison.Ordinal) + 5)..]).ToList();
        Assert.Equal(Enumerable.Range(1, 60).Select(i => i.ToString()), shown);

        // The pending line went out once and was stored once.
        await bobAgain.SendAsync(new HistoryRequest("lobby", Limit: 200) { Id = "h" });
        var history = await bobAgain.WaitForAsync<HistoryEvent>();
        Assert.Single(history.Messages, m => m.Text == "typed while away");

        session.Tell(new TypedLine("/quit"));
        Assert.Equal(ExitCodes.Normal, await exitCode.Task.WaitAsync(Wait));
    }
}
