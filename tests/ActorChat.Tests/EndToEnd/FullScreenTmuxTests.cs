using System.Net;
using System.Net.Sockets;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>Full-screen clients in a detached tmux, driven by keys and read back as a person would see them.</summary>
public sealed class FullScreenTmuxTests : IAsyncLifetime
{
    private readonly TempStorage _storage = new();
    private readonly TmuxSession _tmux = new();
    private readonly TempDirectory _dataDirs = new();
    // A fixed port, so a server stopped and started again is found where the clients knock.
    private readonly int _port = Ports.Free();
    private ChatServer? _server;

    private ServerLimits Limits => new() { Port = _port, IdleShutdown = TimeSpan.Zero, ShutdownGrace = TimeSpan.FromSeconds(1), RatePerSecond = 0 };

    public async Task InitializeAsync() => _server = await ChatServer.StartAsync(Limits, _storage.Settings);

    public async Task DisposeAsync()
    {
        _tmux.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        _storage.Dispose();
        _dataDirs.Dispose();
    }

    private static void SkipWithoutTmux() =>
        Skip.If(!TmuxSession.IsInstalled && Environment.GetEnvironmentVariable("CI") is null, "tmux is not installed (CI installs it in .ci/run)");

    private string ClientCommand(string name) =>
        $"dotnet {ProgramPaths.Of("actorchat")} --name {name} --port {_port} --data-dir {Path.Combine(_dataDirs.Path, name)}";

    /// <summary>A full-screen client in its own tmux window.</summary>
    private void StartClient(string name) => _tmux.Start(name, ClientCommand(name));

    private void Keys(string window, params string[] keys) => _tmux.Keys(window, keys);

    private Task<string> WaitForScreen(string window, Func<string, bool> condition, string what) => _tmux.WaitForScreen(window, condition, what);

    /// <summary>The status line: the row above the input line, inside the frame.</summary>
    private static string StatusLineOf(string screen)
    {
        var rows = screen.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return rows.Length >= 3 ? rows[^3] : "";
    }

    [SkippableFact]
    public async Task Two_full_screen_clients_see_each_other_the_member_list_and_the_status_line()
    {
        SkipWithoutTmux();
        StartClient("alice");
        StartClient("bob");
        await WaitForScreen("alice", s => s.Contains("2 members") && s.Contains("connected"), "bob arriving");
        await WaitForScreen("bob", s => s.Contains("connected | bob"), "bob's status line");

        Keys("bob", "hello from bob", "Enter");
        Keys("alice", "hi bob", "Enter");

        var alice = await WaitForScreen("alice", s => s.Contains("bob: hello from bob") && s.Contains("alice: hi bob"), "both messages");
        var bob = await WaitForScreen("bob", s => s.Contains("alice: hi bob") && s.Contains("bob: hello from bob"), "both messages");
        Assert.Contains("connected | alice | [lobby] 2 members", alice);
        Assert.Contains("connected | bob | [lobby] 2 members", bob);
        // The member list is the right-hand column: a name then padding up to the frame.
        Assert.Matches(@"(?m) alice +│$", bob.Replace("\r", ""));
        Assert.Matches(@"(?m) bob +│$", alice.Replace("\r", ""));
        Assert.Contains("members", alice);
        // The sender's colour: a foreground colour on alice's own message row (not the selected, last one), none on the welcome.
        var coloured = _tmux.ScreenWithColours("alice").Split('\n');
        Assert.DoesNotContain("\u001b[38;", coloured.First(l => l.Contains("welcome, alice")));
        Assert.Contains(coloured, l => (l.Contains("alice: hi bob") || l.Contains("bob: hello from bob")) && l.Contains("\u001b[38;2;") && !l.Contains("\u001b[48;"));

        Keys("alice", "C-q");
        await WaitForScreen("bob", s => s.Contains("alice left"), "alice leaving after Ctrl-Q");
    }

    [SkippableFact]
    public async Task Tab_completes_commands_and_member_names_and_Alt_digits_switch_between_rooms()
    {
        SkipWithoutTmux();
        StartClient("alice");
        await using var bob = await RawClient.LoginAsync(_server!.EndPoint, "bob");
        await WaitForScreen("alice", s => s.Contains("[lobby] 2 members"), "bob arriving");

        // A command: "/jo" + Tab gives "/join ".
        Keys("alice", "/jo", "Tab");
        await WaitForScreen("alice", s => s.Contains("/join "), "the completed command");
        Keys("alice", "dev", "Enter");
        await WaitForScreen("alice", s => StatusLineOf(s).Contains("[dev] 1 member"), "the dev view in front");

        // Alt+1 is the lobby (opened first), Alt+2 dev.
        Keys("alice", "M-1");
        await WaitForScreen("alice", s => StatusLineOf(s).Contains("[lobby] 2 members"), "the lobby after Alt+1");

        // A member name: "hi bo" + Tab gives "hi bob", sent to the lobby in front.
        Keys("alice", "hi bo", "Tab");
        await WaitForScreen("alice", s => s.Contains("hi bob"), "the completed name");
        Keys("alice", "Enter");
        await WaitForScreen("alice", s => s.Contains("alice: hi bob"), "the message with the completed name");

        Keys("alice", "M-2");
        await WaitForScreen("alice", s => StatusLineOf(s).Contains("[dev] 1 member") && !s.Contains("alice: hi bob"), "dev after Alt+2, without the lobby's messages");
    }

    [SkippableFact]
    public async Task PgUp_scrolls_the_message_pane_back_to_an_early_message()
    {
        SkipWithoutTmux();
        StartClient("alice");
        await using var bob = await RawClient.LoginAsync(_server!.EndPoint, "bob");
        await WaitForScreen("alice", s => s.Contains("[lobby] 2 members"), "bob arriving");

        for (var i = 1; i <= 60; i++) await bob.SendAsync(new SayRequest($"line-{i:000}"));
        await WaitForScreen("alice", s => s.Contains("bob: line-060"), "the last message");
        Assert.DoesNotContain("line-005", _tmux.Screen("alice"));

        Keys("alice", "PPage", "PPage", "PPage");
        await WaitForScreen("alice", s => s.Contains("bob: line-005"), "an early message after PgUp");
    }

    [SkippableFact]
    public async Task A_line_typed_while_the_server_is_down_shows_as_pending_until_the_restarted_server_confirms_it()
    {
        SkipWithoutTmux();
        StartClient("alice");
        await WaitForScreen("alice", s => StatusLineOf(s).Contains("connected | alice | [lobby] 1 member"), "alice logged in");

        await _server!.DisposeAsync();
        _server = null;
        await WaitForScreen("alice", s => StatusLineOf(s).Contains("│reconnecting in "), "the reconnecting status");
        Keys("alice", "typed while down", "Enter");
        await WaitForScreen("alice", s => s.Contains("(pending) typed while down") && StatusLineOf(s).Contains("1 pending"), "the pending line, counted on the status line");

        _server = await ChatServer.StartAsync(Limits, _storage.Settings);
        await WaitForScreen(
            "alice",
            s => s.Contains("alice: typed while down") && !s.Contains("(pending)") && StatusLineOf(s).StartsWith("│connected | alice", StringComparison.Ordinal) && !StatusLineOf(s).Contains("pending"),
            "the server's copy replacing the pending line, and the status line connected again");

        await using var bob = await RawClient.LoginAsync(_server.EndPoint, "bob");
        await bob.SendAsync(new HistoryRequest("lobby", Limit: 50) { Id = "h" });
        var history = await bob.WaitForAsync<HistoryEvent>();
        Assert.Single(history.Messages, m => m.Text == "typed while down");
    }
}
