using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ActorChat.Bench;

/// <summary>
/// One generator process of a multi-process connect run (the hidden <c>connect-worker</c>
/// command). It holds its share of the idle clients and talks to the coordinating process
/// in lines: on standard output it says <c>ready COUNT SECONDS</c> (or <c>failed WHY</c>),
/// each server error as <c>error TEXT</c>, and <c>pong yes|no</c>; on standard input it
/// takes <c>ping</c> and <c>close</c> (end of input closes too).
/// </summary>
public static class ConnectWorker
{
    public const string CommandName = "connect-worker";

    /// <summary>The worker's side: connect, report, then obey commands until told to close.</summary>
    public static async Task<int> RunAsync(IPEndPoint server, int first, int count, int sourceAddresses, TextReader commands, TextWriter reports)
    {
        IdleClients clients;
        try
        {
            clients = await IdleClients.ConnectAsync(server, first, count, sourceAddresses);
        }
        catch (Exception e)
        {
            await Report(reports, WorkerLine.Failed(e.GetType().Name + ": " + e.Message));
            return 1;
        }

        await using (clients)
        {
            var errorsSent = 0;
            async Task ReportErrors()
            {
                foreach (var error in clients.Errors.Skip(errorsSent)) await Report(reports, WorkerLine.Error(error));
                errorsSent = clients.Errors.Count;
            }

            await ReportErrors();
            await Report(reports, WorkerLine.Ready(clients.Count, clients.ConnectTime));
            while (await commands.ReadLineAsync() is { } command && command != "close")
            {
                if (command != "ping") continue;
                var answers = await clients.PingAsync(TimeSpan.FromSeconds(10));
                await ReportErrors();
                await Report(reports, WorkerLine.Pong(answers));
            }
        }
        return 0;
    }

    private static async Task Report(TextWriter reports, string line)
    {
        await reports.WriteLineAsync(line);
        await reports.FlushAsync();
    }
}

/// <summary>The lines a connect worker reports (see <see cref="ConnectWorker"/>).</summary>
public abstract record WorkerLine
{
    public sealed record ReadyLine(int Count, TimeSpan ConnectTime) : WorkerLine;
    public sealed record FailedLine(string Reason) : WorkerLine;
    public sealed record ErrorLine(string Text) : WorkerLine;
    public sealed record PongLine(bool Answered) : WorkerLine;

    public static string Ready(int count, TimeSpan connectTime) =>
        string.Create(CultureInfo.InvariantCulture, $"ready {count} {connectTime.TotalSeconds:F3}");

    public static string Failed(string reason) => "failed " + OneLine(reason);

    public static string Error(string text) => "error " + OneLine(text);

    public static string Pong(bool answered) => "pong " + (answered ? "yes" : "no");

    /// <summary>The report a line carries; null for anything else (the runtime's own output, say).</summary>
    public static WorkerLine? Parse(string line)
    {
        var space = line.IndexOf(' ');
        var (word, rest) = space < 0 ? (line, "") : (line[..space], line[(space + 1)..]);
        switch (word)
        {
            case "ready":
                var parts = rest.Split(' ');
                return parts.Length == 2
                    && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                    ? new ReadyLine(count, TimeSpan.FromSeconds(seconds)) : null;
            case "failed": return new FailedLine(rest);
            case "error": return new ErrorLine(rest);
            case "pong" when rest is "yes" or "no": return new PongLine(rest == "yes");
            default: return null;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

/// <summary>The coordinator's handle on one worker process: started with its share, asked to ping, closed.</summary>
public sealed class WorkerProcess : IIdleGroup
{
    private readonly Process _process;
    private readonly List<string> _errors = new();

    private WorkerProcess(Process process) => _process = process;

    public int Count { get; private set; }

    public TimeSpan ConnectTime { get; private set; }

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Starts a worker for clients [<paramref name="first"/>, first + count) and waits until it is ready.</summary>
    public static async Task<WorkerProcess> StartAsync(IPEndPoint server, int first, int count, int sourceAddresses)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     typeof(ConnectWorker).Assembly.Location, ConnectWorker.CommandName,
                     "--host", server.Address.ToString(), "--port", server.Port.ToString(CultureInfo.InvariantCulture),
                     "--first", first.ToString(CultureInfo.InvariantCulture), "--clients", count.ToString(CultureInfo.InvariantCulture),
                     "--sources", sourceAddresses.ToString(CultureInfo.InvariantCulture),
                 })
            start.ArgumentList.Add(arg);

        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start a connect worker"));
        try
        {
            switch (await worker.ReadUntilAsync(l => l is WorkerLine.ReadyLine or WorkerLine.FailedLine))
            {
                case WorkerLine.ReadyLine ready:
                    worker.Count = ready.Count;
                    worker.ConnectTime = ready.ConnectTime;
                    return worker;
                case WorkerLine.FailedLine failed:
                    throw new InvalidOperationException($"worker for clients {first}..{first + count - 1}: {failed.Reason}");
                default:
                    throw new InvalidOperationException($"worker for clients {first}..{first + count - 1} ended without a word");
            }
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    public async Task<bool> PingAsync(TimeSpan patience)
    {
        await _process.StandardInput.WriteLineAsync("ping");
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(patience * 2 + TimeSpan.FromSeconds(5));
        return await ReadUntilAsync(l => l is WorkerLine.PongLine, timeout.Token) is WorkerLine.PongLine { Answered: true };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("close");
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the worker has already gone
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    /// <summary>Reads reports, keeping errors, until one matches; null at the end of the output.</summary>
    private async Task<WorkerLine?> ReadUntilAsync(Func<WorkerLine, bool> wanted, CancellationToken cancel = default)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancel) is { } line)
        {
            var report = WorkerLine.Parse(line);
            if (report is WorkerLine.ErrorLine error) _errors.Add(error.Text);
            else if (report is not null && wanted(report)) return report;
        }
        return null;
    }

    /// <summary>The <c>dotnet</c> host that runs this tool (or the one on the PATH).</summary>
    internal static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
