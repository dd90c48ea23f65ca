using System.Diagnostics;

namespace ActorChat.Tests.Support;

/// <summary>
/// A detached tmux session for terminal tests: programs run in its windows as on a real terminal,
/// keys are sent to them and their screens read back as a person would see them. Killed at dispose.
/// </summary>
public sealed class TmuxSession : IDisposable
{
    private readonly string _name = "actorchat-test-" + Guid.NewGuid().ToString("N")[..8];
    private bool _started;

    public static bool IsInstalled =>
        Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, "tmux")));

    /// <summary>
    /// Runs <paramref name="command"/> in a new window (the first opens the session, 120 × 30); the
    /// window stays after the program ends, so its last screen can still be read.
    /// </summary>
    public void Start(string window, string command)
    {
        if (_started) Run("new-window", "-d", "-t", _name, "-n", window, command);
        else Run("new-session", "-d", "-s", _name, "-n", window, "-x", "120", "-y", "30", command);
        _started = true;
        Run("set-option", "-w", "-t", Target(window), "remain-on-exit", "on");
    }

    /// <summary>Key names as tmux knows them (Enter, C-q, ...).</summary>
    public void Keys(string window, params string[] keys) => Run(["send-keys", "-t", Target(window), .. keys]);

    /// <summary>Text typed as it is, no key names.</summary>
    public void Type(string window, string text) => Run("send-keys", "-t", Target(window), "-l", text);

    /// <summary>The visible screen, and with <paramref name="scrollback"/> everything that scrolled off it too.</summary>
    public string Screen(string window, bool scrollback = false) =>
        scrollback ? Run("capture-pane", "-p", "-S", "-", "-t", Target(window)) : Run("capture-pane", "-p", "-t", Target(window));

    /// <summary>The visible screen with its colours and attributes as terminal escapes.</summary>
    public string ScreenWithColours(string window) => Run("capture-pane", "-e", "-p", "-t", Target(window));

    public async Task<string> WaitForScreen(string window, Func<string, bool> condition, string what, bool scrollback = false)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var screen = Screen(window, scrollback);
            if (condition(screen)) return screen;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{window} never showed {what}; screen:\n{screen}");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        if (_started) Run("kill-session", "-t", _name);
    }

    private string Target(string window) => $"{_name}:{window}";

    private static string Run(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
