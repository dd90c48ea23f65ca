using System.Net;
using ActorChat.Client.Session;
using ActorChat.Messages.Commands;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Support;
using Akka.Actor;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// The console client given several servers (<c>--server</c> more than once): it starts on the
/// first it can reach and, when that one goes away, reconnects to the next. Two real servers
/// on loopback here, each with its own store, as two nodes would be until rooms are sharded.
/// </summary>
public sealed class ServerFailoverEndToEndTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly TempStorage _firstStore = new();
    private readonly TempStorage _secondStore = new();
    private readonly PrintedLines _printed = new();
    private ChatServer? _first;
    private ChatServer? _second;

    public ServerFailoverEndToEndTests() : base("akka.loglevel = WARNING") { }

    private static ServerLimits Limits => new() { Port = 0, IdleShutdown = TimeSpan.Zero, ShutdownGrace = TimeSpan.FromSeconds(1), RatePerSecond = 0 };

    public async Task InitializeAsync()
    {
        _first = await ChatServer.StartAsync(Limits, _firstStore.Settings);
        _second = await ChatServer.StartAsync(Limits, _secondStore.Settings);
    }

    public async Task DisposeAsync()
    {
        if (_first is not null) await _first.DisposeAsync();
        if (_second is not null) await _second.DisposeAsync();
        _firstStore.Dispose();
        _secondStore.Dispose();
    }

    private Task WaitForLine(Func<string, bool> match, string what) => _printed.WaitFor(match, what, Wait);

    private SessionSettings Settings(EndPoint first, params EndPoint[] others) =>
        new(first, "alice", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5))
        {
            OtherServers = others,
            Reconnect = true,
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(200),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
            Random = () => 0.5,
        };

    [Fact]
    public async Task When_its_server_stops_the_client_reconnects_to_the_next_one_and_chats_there()
    {
        var exitCode = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = Sys.ActorOf(ChatSession.Props(Settings(_first!.EndPoint, _second!.EndPoint), _printed.Writer, TimeProvider.System, exitCode));
        await WaitForLine(l => l.EndsWith("* alice joined (1 member)"), "alice's join on the first server");

        await _first.DisposeAsync(); // bye shutdown
        _first = null;
        await WaitForLine(l => l.EndsWith("* reconnected as alice"), "the reconnect to the second server");

        await using var bob = await RawClient.LoginAsync(_second.EndPoint, "bob");
        await bob.SendAsync(new SayRequest("hello on the second node"));
        await WaitForLine(l => l.EndsWith("bob: hello on the second node"), "bob's message on the second server");

        session.Tell(new TypedLine("/quit"));
        Assert.Equal(ExitCodes.Normal, await exitCode.Task.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_first_server_that_cannot_be_reached_at_start_is_passed_over_for_the_next()
    {
        var unreachable = new IPEndPoint(IPAddress.Loopback, Ports.Free());
        var exitCode = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = Sys.ActorOf(ChatSession.Props(Settings(unreachable, _second!.EndPoint), _printed.Writer, TimeProvider.System, exitCode));

        await WaitForLine(l => l.Contains("trying the next server"), "the move to the next server");
        await WaitForLine(l => l.EndsWith("* alice joined (1 member)"), "alice's join on the second server");

        session.Tell(new TypedLine("/quit"));
        Assert.Equal(ExitCodes.Normal, await exitCode.Task.WaitAsync(Wait));
    }

    [Fact]
    public async Task When_no_server_can_be_reached_at_start_the_client_names_them_all_and_exits()
    {
        var one = new IPEndPoint(IPAddress.Loopback, Ports.Free());
        var two = new IPEndPoint(IPAddress.Loopback, Ports.Free());
        var exitCode = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Sys.ActorOf(ChatSession.Props(Settings(one, two), _printed.Writer, TimeProvider.System, exitCode));

        Assert.Equal(ExitCodes.ConnectFailed, await exitCode.Task.WaitAsync(Wait));
        await WaitForLine(l => l.StartsWith($"! cannot connect to {one}, {two}:"), "the last line naming both servers");
    }
}
