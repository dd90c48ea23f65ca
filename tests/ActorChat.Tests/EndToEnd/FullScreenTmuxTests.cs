using System.Diagnostics;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>Two full-screen clients in a detached tmux, read back as a person would see them.</summary>
public sealed class FullScreenTmuxTests : IAsyncLifetime
{
    private readonly TempStorage _storage = new();
    private readonly string _session = "actorchat-test-" + Guid.NewGuid().ToString("N")[..8];
    private ChatServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ChatServer.StartAsync(new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero, RatePerSecond = 0 }, _storage.Settings);

    public async Task DisposeAsync()
    {
        Tmux("kill-session", "-t", _session);
        await _server.DisposeAsync();
        _storage.Dispose();
    }

    private static string Tmux(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private static bool HasTmux() =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, "tmux")));

    private async Task<string> WaitForScreen(string window, Func<string, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var screen = Tmux("capture-pane", "-p", "-t", $"{_session}:{window}");
            if (condition(screen)) return screen;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{window} never showed {what}; screen:\n{screen}");
            await Task.Delay(100);
        }
    }

    [SkippableFact]
    public async Task Two_full_screen_clients_see_each_other_the_member_list_and_the_status_line()
    {
        Skip.If(!HasTmux() && Environment.GetEnvironmentVariable("CI") is null, "tmux is not installed (CI installs it in .ci/run)");
        var client = Path.Combine(AppContext.BaseDirectory, "actorchat.dll");
        string Command(string name) =>
            $"dotnet {client} --name {name} --port {_server.EndPoint.Port} --data-dir {Path.Combine(Path.GetTempPath(), _session, name)}";

        Tmux("new-session", "-d", "-s", _session, "-n", "alice", "-x", "120", "-y", "30", Command("alice"));
        Tmux("new-window", "-d", "-t", _session, "-n", "bob", Command("bob"));
        await WaitForScreen("alice", s => s.Contains("2 members") && s.Contains("connected"), "bob arriving");
        await WaitForScreen("bob", s => s.Contains("connected | bob"), "bob's status line");

        Tmux("send-keys", "-t", $"{_session}:bob", "hello from bob", "Enter");
        Tmux("send-keys", "-t", $"{_session}:alice", "hi bob", "Enter");

        var alice = await WaitForScreen("alice", s => s.Contains("bob: hello from bob") && s.Contains("alice: hi bob"), "both messages");
        var bob = await WaitForScreen("bob", s => s.Contains("alice: hi bob") && s.Contains("bob: hello from bob"), "both messages");
        Assert.Contains("connected | alice | [lobby] 2 members", alice);
        Assert.Contains("connected | bob | [lobby] 2 members", bob);
        // The member list is the right-hand column: a name then padding up to the frame.
        Assert.Matches(@"(?m) alice +│$", bob.Replace("\r", ""));
        Assert.Matches(@"(?m) bob +│$", alice.Replace("\r", ""));
        Assert.Contains("members", alice);

        Tmux("send-keys", "-t", $"{_session}:alice", "C-q");
        await WaitForScreen("bob", s => s.Contains("alice left"), "alice leaving after Ctrl-Q");
    }
}
