using ActorChat.Client.Network;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.EndToEnd;

/// <summary>The project's own client, its connection actor and its program, against the real server.</summary>
public sealed class ClientEndToEndTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempStorage _storage = new();
    private ChatServer _server = null!;

    public ClientEndToEndTests() : base("akka.loglevel = WARNING") { }

    public async Task InitializeAsync() =>
        _server = await ChatServer.StartAsync(new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero, RatePerSecond = 0 }, _storage.Settings);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _storage.Dispose();
    }

    private T Expect<T>(TestProbe sink) where T : class => sink.FishForMessage<T>(_ => true, Wait);

    [Fact]
    public async Task The_client_connection_actor_logs_in_chats_with_a_raw_client_and_quits()
    {
        var sink = CreateTestProbe();
        var connection = Sys.ActorOf(ChatConnection.Props(_server.EndPoint, sink.Ref));
        connection.Tell(new LoginRequest("actor") { Id = "l" });
        sink.ExpectMsg<ConnectionEstablished>(Wait);
        Assert.Equal(new WelcomeEvent("actor", ProtocolInfo.Version, ServerLimits.ServerVersion) { Account = false, Ref = "l" }, sink.ExpectMsg<WelcomeEvent>(Wait));
        sink.ExpectMsg<HistoryEvent>(Wait);
        sink.ExpectMsg<JoinedEvent>(Wait);

        await using var raw = await RawClient.LoginAsync(_server.EndPoint, "raw");
        Assert.Equal(new JoinedEvent("lobby", "raw", 2), sink.ExpectMsg<JoinedEvent>(Wait));

        connection.Tell(new SayRequest("from the actor") { Id = 1 });
        var own = sink.ExpectMsg<ChatMessage>(Wait);
        Assert.Equal(("actor", "from the actor", RequestRef.Of(1)), (own.From, own.Text, own.Ref));
        Assert.Equal(own with { Ref = null }, await raw.ExpectAsync<ChatMessage>());

        await raw.SendAsync(new SayRequest("from the raw socket"));
        Assert.Equal("from the raw socket", sink.ExpectMsg<ChatMessage>(Wait).Text);

        connection.Tell(new QuitRequest());
        Assert.Equal(ByeReasons.Quit, sink.ExpectMsg<ByeEvent>(Wait).Reason);
        var ended = sink.ExpectMsg<ConnectionEnded>(Wait);
        Assert.Equal(ByeReasons.Quit, ended.ByeReason);
        Assert.Equal(new LeftEvent("lobby", "actor", 1, ByeReasons.Quit), await raw.WaitForAsync<LeftEvent>());
    }

    [Fact]
    public async Task The_client_program_chats_through_pipes_and_exits_0_at_end_of_input()
    {
        await using var raw = await RawClient.LoginAsync(_server.EndPoint, "raw");
        using var dataDir = new TempDirectory(); // not the user's own data folder
        await using var client = ChildProcess.Start(
            "actorchat", "--port", _server.EndPoint.Port.ToString(), "--host", "127.0.0.1", "--data-dir", dataDir.Path);

        // No --name: the program asks, a taken name is refused and it asks again.
        await client.WaitForLineAsync("your name");
        await client.Input.WriteLineAsync("RAW");
        await client.WaitForLineAsync("name_taken");
        await client.Input.WriteLineAsync("piper");
        await client.WaitForLineAsync(@"welcome, piper");
        await raw.WaitForAsync<JoinedEvent>(j => j.Name == "piper");

        await client.Input.WriteLineAsync("hello through a pipe");
        Assert.Equal(("piper", "hello through a pipe"), await raw.WaitForAsync<ChatMessage>() is var m ? (m.From, m.Text) : default);

        await raw.SendAsync(new SayRequest("evil \u001b[2J text"));
        Assert.Equal(ErrorCodes.InvalidText, (await raw.ExpectAsync<ErrorEvent>()).Code); // the server refuses control characters
        await raw.SendAsync(new SayRequest("two\nlines"));
        await client.WaitForLineAsync(@"^\d\d:\d\d \[lobby\] raw: two$");
        await client.WaitForLineAsync(@"^\s+lines$");

        await client.Input.WriteLineAsync("/msg raw a secret");
        var dm = await raw.WaitForAsync<ChatMessage>(m => m.IsDirect);
        Assert.Equal(("raw", "piper", "a secret"), (dm.To, dm.From, dm.Text));

        client.Input.Close(); // end of input: the client quits
        Assert.Equal(new LeftEvent("lobby", "piper", 1, ByeReasons.Quit), await raw.WaitForAsync<LeftEvent>());
        Assert.Equal(0, await client.WaitForExitAsync());

        var history = File.ReadAllLines(dataDir.File("history-piper.log"));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \* welcome, piper", history[0]);
        Assert.Contains(history, line => line.EndsWith(" [lobby] piper: hello through a pipe"));
        Assert.Contains(File.ReadAllLines(dataDir.File("errors.log")), line => line.Contains("! name_taken:"));
    }

    [Fact]
    public async Task The_client_program_given_two_servers_uses_the_second_when_the_first_cannot_be_reached()
    {
        await using var raw = await RawClient.LoginAsync(_server.EndPoint, "raw");
        using var dataDir = new TempDirectory();
        await using var client = ChildProcess.Start(
            "actorchat", "--server", $"127.0.0.1:{Ports.Free()}", "--server", $"127.0.0.1:{_server.EndPoint.Port}",
            "--name", "twoservers", "--data-dir", dataDir.Path);

        await client.WaitForLineAsync("trying the next server");
        await client.WaitForLineAsync("welcome, twoservers");
        await client.Input.WriteLineAsync("found you");
        Assert.Equal(("twoservers", "found you"), await raw.WaitForAsync<ChatMessage>() is var m ? (m.From, m.Text) : default);

        client.Input.Close();
        Assert.Equal(0, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task A_server_that_is_not_host_colon_port_is_refused_before_anything_connects()
    {
        using var dataDir = new TempDirectory();
        await using var client = ChildProcess.Start("actorchat", "--server", "127.0.0.1", "--name", "x", "--data-dir", dataDir.Path);
        await client.WaitForLineAsync(@"--server 127\.0\.0\.1: give HOST:PORT");
        Assert.NotEqual(0, await client.WaitForExitAsync());
    }
}
