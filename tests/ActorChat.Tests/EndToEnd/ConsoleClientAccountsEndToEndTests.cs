using System.Net;
using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// The console client program with accounts against the real server: <c>--password-file</c> and
/// <c>--register</c>, a takeover that ends the old client for good, and a restart after which the
/// client logs in again with its password and shows the direct messages it missed, exactly once.
/// </summary>
public sealed class ConsoleClientAccountsEndToEndTests : IAsyncLifetime
{
    private const string AlicePassword = "alice-Passw0rd-e2e";
    private const string BobPassword = "bob-Passw0rd-e2e";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly TempStorage _storage = new();
    private readonly TempDirectory _files = new();
    // A fixed port, so the server started again is found where the proxy forwards.
    private readonly int _port = Ports.Free();
    private ChatServer? _server;

    private ServerLimits Limits => new()
    {
        Port = _port,
        IdleShutdown = TimeSpan.Zero,
        ShutdownGrace = TimeSpan.FromSeconds(1),
        RatePerSecond = 0,
        LoginRefusalDelay = TimeSpan.FromMilliseconds(50),
        PasswordHashCost = StoreTestKit.CheapHashCost,
    };

    private IPEndPoint ServerEndPoint => new(IPAddress.Loopback, _port);

    public async Task InitializeAsync() => _server = await ChatServer.StartAsync(Limits, _storage.Settings);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _storage.Dispose();
        _files.Dispose();
    }

    private string PasswordFile(string password)
    {
        var path = _files.File($"password-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, password + "\n");
        return path;
    }

    private ChildProcess Client(int port, string dataDir, params string[] more) =>
        ChildProcess.Start("actorchat", ["--server", $"127.0.0.1:{port}", "--data-dir", dataDir, .. more]);

    private static int Count(ChildProcess client, string suffix) => client.OutputSoFar().Count(l => l.EndsWith(suffix, StringComparison.Ordinal));

    [Fact]
    public async Task A_password_file_registers_then_a_second_login_takes_over_and_the_first_client_exits_without_reconnecting()
    {
        using var firstDir = new TempDirectory();
        using var secondDir = new TempDirectory();
        var passwordFile = PasswordFile(AlicePassword);
        await using var bob = await RawClient.LoginAsync(ServerEndPoint, "bob");

        await using var first = Client(_port, firstDir.Path, "--name", "alice", "--register", "--password-file", passwordFile);
        await first.WaitForLineAsync(@"^\* welcome, alice ");
        await bob.WaitForAsync<JoinedEvent>(j => j.Name == "alice");

        // The account exists now: the same command without --register logs in to it, here a takeover.
        await using var second = Client(_port, secondDir.Path, "--name", "alice", "--password-file", passwordFile);
        await second.WaitForLineAsync(@"^\* welcome, alice ");
        await first.WaitForLineAsync("^! logged in elsewhere: ");
        Assert.Equal(ExitCodes.LoggedInElsewhere, await first.WaitForExitAsync());
        Assert.Equal(ByeReasons.Replaced, (await bob.WaitForAsync<LeftEvent>(l => l.Name == "alice")).Reason);
        await bob.WaitForAsync<JoinedEvent>(j => j.Name == "alice");

        // The first client is gone for good: only the second is there, and it chats.
        await bob.SendAsync(new WhoRequest() { Id = "w" });
        Assert.Equal(["alice", "bob"], (await bob.WaitForAsync<WhoEvent>()).Members);
        await second.Input.WriteLineAsync("/msg bob still here");
        Assert.Equal("still here", (await bob.WaitForAsync<ChatMessage>(m => m.IsDirect)).Text);
        Assert.DoesNotContain(first.OutputSoFar(), l => l.Contains("reconnecting"));

        second.Input.Close();
        Assert.Equal(ExitCodes.Normal, await second.WaitForExitAsync());
        foreach (var client in new[] { first, second }) Assert.DoesNotContain(client.OutputSoFar(), l => l.Contains(AlicePassword));
        Assert.Empty(SecretSearch.FilesHolding(firstDir.Path, AlicePassword));
        Assert.Empty(SecretSearch.FilesHolding(secondDir.Path, AlicePassword));
    }

    [Fact]
    public async Task A_wrong_password_file_and_a_registered_name_in_a_pipe_end_with_their_own_codes()
    {
        await using (await RawClient.AccountAsync(ServerEndPoint, "carol", "carol-Passw0rd-e2e")) { }
        using var dataDir = new TempDirectory();

        await using (var wrong = Client(_port, dataDir.Path, "--name", "carol", "--password-file", PasswordFile("not-carols-password")))
        {
            await wrong.WaitForLineAsync("^! wrong name or password: the server does not take the password in ");
            Assert.Equal(ExitCodes.LoginRefused, await wrong.WaitForExitAsync());
        }
        await using (var none = Client(_port, dataDir.Path, "--name", "carol"))
        {
            await none.WaitForLineAsync("^! carol is a registered name and needs its password: give it with --password-file FILE");
            Assert.Equal(ExitCodes.PasswordNeeded, await none.WaitForExitAsync());
        }
        await using (var missing = Client(_port, dataDir.Path, "--name", "carol", "--password-file", _files.File("nope.txt")))
        {
            await missing.WaitForLineAsync($"^! --password-file {System.Text.RegularExpressions.Regex.Escape(_files.File("nope.txt"))}: there is no such file$");
            Assert.Equal(ExitCodes.BadSetup, await missing.WaitForExitAsync());
        }
        await using (var weak = Client(_port, dataDir.Path, "--name", "carol", "--password-file", PasswordFile("short")))
        {
            await weak.WaitForLineAsync("the password on its first line is too short");
            Assert.Equal(ExitCodes.BadSetup, await weak.WaitForExitAsync());
        }
        Assert.Empty(SecretSearch.FilesHolding(dataDir.Path, "not-carols-password"));
    }

    [Fact]
    public async Task After_a_server_restart_the_client_logs_in_with_its_password_and_shows_each_direct_message_it_missed_once()
    {
        using var dataDir = new TempDirectory();
        await using var proxy = new TcpProxy(ServerEndPoint);
        var bob = await RawClient.AccountAsync(ServerEndPoint, "bob", BobPassword);
        await using var alice = Client(proxy.Port, dataDir.Path, "--name", "alice", "--register", "--password-file", PasswordFile(AlicePassword));
        await alice.WaitForLineAsync(@"^\* welcome, alice ");
        await bob.WaitForAsync<JoinedEvent>(j => j.Name == "alice");

        await bob.SendAsync(new DmRequest("alice", "before the cut") { Id = "d1" });
        await alice.WaitForLineAsync(@"\[dm bob -> alice\] before the cut$");

        // Alice stops hearing the server, which goes on delivering: she misses bob's next dm, and
        // her own next dm is stored and delivered while its copy never reaches her.
        proxy.Deafen();
        await bob.SendAsync(new DmRequest("alice", "while you were away") { Id = "d2" });
        await bob.WaitForAsync<ChatMessage>(m => m.Text == "while you were away" && m.Ref == RequestRef.Of("d2"));
        await alice.Input.WriteLineAsync("/msg bob sent while deaf");
        await bob.WaitForAsync<ChatMessage>(m => m.Text == "sent while deaf");

        await _server!.DisposeAsync();
        _server = null;
        await bob.DisposeAsync();
        await alice.WaitForLineAsync("reconnecting in");
        proxy.Restore();
        _server = await ChatServer.StartAsync(Limits, _storage.Settings);

        await alice.WaitForLineAsync(@"^\* reconnected as alice$");
        await alice.WaitForLineAsync(@"\[dm bob -> alice\] while you were away$");
        await alice.WaitForLineAsync(@"\[dm alice -> bob\] sent while deaf$");
        await using var bobAgain = await RawClient.AccountAsync(ServerEndPoint, "bob", BobPassword, register: false);
        await bobAgain.SendAsync(new DmRequest("alice", "after") { Id = "d3" });
        await alice.WaitForLineAsync(@"\[dm bob -> alice\] after$");

        foreach (var text in new[] { "before the cut", "while you were away", "sent while deaf", "after" })
            Assert.True(Count(alice, "] " + text) == 1, $"\"{text}\" shown {Count(alice, "] " + text)} times:\n{string.Join("\n", alice.OutputSoFar())}");
        var order = alice.OutputSoFar().Where(l => l.Contains("[dm ")).Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..]).ToList();
        Assert.Equal(["before the cut", "while you were away", "sent while deaf", "after"], order);

        // Stored once, as bob's direct-message history shows.
        await bobAgain.SendAsync(new DirectHistoryRequest("alice") { Id = "h" });
        var history = await bobAgain.WaitForAsync<DirectHistoryEvent>();
        Assert.Single(history.Messages, m => m.Text == "sent while deaf");

        alice.Input.Close();
        Assert.Equal(ExitCodes.Normal, await alice.WaitForExitAsync());
        Assert.DoesNotContain(alice.OutputSoFar(), l => l.Contains(AlicePassword));
        Assert.Empty(SecretSearch.FilesHolding(dataDir.Path, AlicePassword));
    }
}
