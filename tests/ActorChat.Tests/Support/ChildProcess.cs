using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace ActorChat.Tests.Support;

/// <summary>
/// One of the project's programs (built next to the tests) run as a real process, with
/// its output read line by line. Killed at dispose if still running.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Publish(e.Data);
        _process.ErrorDataReceived += (_, e) => Publish(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Publish(string? line)
    {
        if (line is not null) _lines.Writer.TryWrite(line);
    }

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet NAME.dll args</c> (the program from its own output folder, <see cref="ProgramPaths"/>).</summary>
    public static ChildProcess Start(string assemblyName, params string[] args) =>
        StartExecutable("dotnet", [ProgramPaths.Of(assemblyName), .. args]);

    /// <summary>As <see cref="Start(string, string[])"/>, with these environment variables besides the test's own.</summary>
    public static ChildProcess Start(string assemblyName, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartExecutable("dotnet", [ProgramPaths.Of(assemblyName), .. args], environment: environment.ToDictionary(e => e.Key, e => (string?)e.Value));

    /// <summary>
    /// Starts an executable file (a published program, an installed tool, <c>dotnet</c> itself)
    /// with <paramref name="args"/>; <paramref name="environment"/> is laid over the test's own
    /// (a null value removes the variable).
    /// </summary>
    public static ChildProcess StartExecutable(
        string path, IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        return new ChildProcess(Process.Start(info)!);
    }

    public StreamWriter Input => _process.StandardInput;

    /// <summary>Reads output until a line matches; returns the match.</summary>
    public async Task<Match> WaitForLineAsync(string pattern, TimeSpan? timeout = null)
    {
        var regex = new Regex(pattern);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cts.Token);
                _seen.Add(line);
                var match = regex.Match(line);
                if (match.Success) return match;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no output line matched /{pattern}/; saw:\n" + string.Join("\n", _seen));
        }
    }

    /// <summary>Every line the process has written so far (standard output and error), those not yet waited for included.</summary>
    public IReadOnlyList<string> OutputSoFar()
    {
        while (_lines.Reader.TryRead(out var line)) _seen.Add(line);
        return _seen;
    }

    /// <summary>Sends a POSIX signal (SIGTERM, SIGINT) to the process.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown code runs, as in a crash or power cut.</summary>
    public async Task CrashAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
