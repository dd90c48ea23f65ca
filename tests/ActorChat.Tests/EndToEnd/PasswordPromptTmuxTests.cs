using System.Net;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// The password prompts on a real terminal (tmux), full screen and plain: what is typed at them is
/// never on the screen, and after logging in and changing the password neither password is in
/// any file of the client's data folder.
/// </summary>
public sealed class PasswordPromptTmuxTests : IAsyncLifetime
{
    private const string First = "first-Passw0rd-tmux";
    private const string Second = "second-Passw0rd-tmux";

    private readonly TempStorage _storage = new();
    private readonly TempDirectory _dataDir = new();
    private readonly TmuxSession _tmux = new();
    private ChatServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ChatServer.StartAsync(
            new ServerLimits
            {
                Port = 0,
                IdleShutdown = TimeSpan.Zero,
                ShutdownGrace = TimeSpan.FromSeconds(1),
                RatePerSecond = 0,
                LoginRefusalDelay = TimeSpan.FromMilliseconds(50),
                PasswordHashCost = StoreTestKit.CheapHashCost,
            },
            _storage.Settings);

    public async Task DisposeAsync()
    {
        _tmux.Dispose();
        await _server.DisposeAsync();
        _storage.Dispose();
        _dataDir.Dispose();
    }

    private static void SkipWithoutTmux() =>
        Skip.If(!TmuxSession.IsInstalled && Environment.GetEnvironmentVariable("CI") is null, "tmux is not installed (CI installs it in .ci/run)");

    private string ClientCommand(string name, string extra = "") =>
        $"dotnet {ProgramPaths.Of("actorchat")} --name {name} --port {_server.EndPoint.Port} --data-dir {_dataDir.Path} {extra}";

    private void AssertNoPasswordIn(string screen)
    {
        Assert.DoesNotContain(First, screen);
        Assert.DoesNotContain(Second, screen);
    }

    /// <summary>Types a password at the prompt now showing, checks the screen does not show it, then presses Enter.</summary>
    private async Task TypeAtPrompt(string window, string prompt, string password, bool scrollback)
    {
        await _tmux.WaitForScreen(window, s => s.Contains(prompt), $"the prompt \"{prompt}\"", scrollback);
        _tmux.Type(window, password);
        // Read right after typing, and again by the caller after Enter: an echo would show in one or the other.
        AssertNoPasswordIn(_tmux.Screen(window, scrollback));
        _tmux.Keys(window, "Enter");
    }

    private void AssertDataFolderHoldsNoPassword()
    {
        Assert.NotEmpty(Directory.GetFiles(_dataDir.Path, "*", SearchOption.AllDirectories));
        Assert.Empty(SecretSearch.FilesHolding(_dataDir.Path, First, Second));
    }

    [SkippableFact]
    public async Task Full_screen_asks_for_the_password_in_a_masked_field_and_passwd_changes_it_without_showing_either()
    {
        SkipWithoutTmux();
        await using (await RawClient.AccountAsync(_server.EndPoint, "alice", First)) { }
        _tmux.Start("alice", ClientCommand("alice"));

        await TypeAtPrompt("alice", "Password for alice:", First, scrollback: false);
        await _tmux.WaitForScreen("alice", s => s.Contains("connected | alice"), "alice logged in");

        _tmux.Type("alice", "/passwd");
        _tmux.Keys("alice", "Enter");
        await TypeAtPrompt("alice", "Current password for alice:", First, scrollback: false);
        await TypeAtPrompt("alice", "New password for alice:", Second, scrollback: false);
        await TypeAtPrompt("alice", "The same password again:", Second, scrollback: false);
        var screen = await _tmux.WaitForScreen("alice", s => s.Contains("the password of alice is changed"), "the change confirmed");
        AssertNoPasswordIn(screen);

        // Up recalls /passwd, never a password.
        _tmux.Keys("alice", "Up");
        await _tmux.WaitForScreen("alice", s => s.Contains("/passwd"), "the recalled command");
        AssertNoPasswordIn(_tmux.Screen("alice"));
        _tmux.Keys("alice", "C-q");
        await _tmux.WaitForScreen("alice", s => !s.Contains("connected | alice"), "the client quitting");

        await using var again = await RawClient.ConnectAsync(_server.EndPoint);
        Assert.True((await again.LoginAsync("alice", Second)).Account);
        AssertDataFolderHoldsNoPassword();
    }

    [SkippableFact]
    public async Task Plain_mode_on_a_terminal_echoes_lines_but_not_passwords_and_register_keeps_the_password_for_the_reconnect()
    {
        SkipWithoutTmux();
        _tmux.Start("bob", ClientCommand("bob", "--plain"));
        await _tmux.WaitForScreen("bob", s => s.Contains("* bob joined"), "bob logged in as a guest", scrollback: true);

        _tmux.Type("bob", "hello everyone");
        await _tmux.WaitForScreen("bob", s => s.Contains("hello everyone"), "the typed line echoed", scrollback: true);
        _tmux.Keys("bob", "Enter");
        await _tmux.WaitForScreen("bob", s => s.Contains("bob: hello everyone"), "the line said", scrollback: true);

        _tmux.Type("bob", "/register");
        _tmux.Keys("bob", "Enter");
        await TypeAtPrompt("bob", "New password for bob:", First, scrollback: true);
        await TypeAtPrompt("bob", "The same password again:", First, scrollback: true);
        var screen = await _tmux.WaitForScreen("bob", s => s.Contains("bob is now registered"), "the registration confirmed", scrollback: true);
        AssertNoPasswordIn(screen);

        _tmux.Type("bob", "/quit");
        _tmux.Keys("bob", "Enter");
        await _tmux.WaitForScreen("bob", s => s.Contains("* the server closed the connection (bye: quit)"), "the client quitting", scrollback: true);
        AssertNoPasswordIn(_tmux.Screen("bob", scrollback: true));

        // The name is an account now, with the password typed.
        await using var again = await RawClient.ConnectAsync(_server.EndPoint);
        Assert.True((await again.LoginAsync("bob", First)).Account);
        AssertDataFolderHoldsNoPassword();
    }
}
