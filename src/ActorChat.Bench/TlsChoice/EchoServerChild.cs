using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace ActorChat.Bench.TlsChoice;

/// <summary>
/// The bench's handle on one echo server process (<see cref="EchoServerProcess"/>): started on
/// <c>--server-core</c> with <c>taskset</c> when given, its CPU time read from /proc by pid
/// (<see cref="ServerCpu"/>), its memory asked over its standard input.
/// </summary>
public sealed class EchoServerChild : IAsyncDisposable
{
    private readonly Process _process;

    private EchoServerChild(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public static async Task<EchoServerChild> StartAsync(string variant, X509Certificate2 certificate, int? core)
    {
        var tool = new[] { typeof(EchoServerChild).Assembly.Location, "tls-choice", "--serve", variant };
        var start = new ProcessStartInfo(core is null ? WorkerProcess.DotnetHost() : "taskset")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (core is { } c)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(c.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(WorkerProcess.DotnetHost());
        }
        foreach (var arg in tool) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the echo server");
        await process.StandardInput.WriteLineAsync(EchoCertificate.ToBase64(certificate));
        await process.StandardInput.FlushAsync();
        var ready = await process.StandardOutput.ReadLineAsync();
        if (ready is null || !ready.StartsWith("port ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"the {variant} echo server did not start: {ready ?? "no word"}");
        }
        return new EchoServerChild(process, int.Parse(ready[5..], CultureInfo.InvariantCulture));
    }

    /// <summary>The server's GC heap and resident memory in bytes, after a full collection there.</summary>
    public async Task<(long Heap, long Rss)> MemoryAsync()
    {
        await _process.StandardInput.WriteLineAsync("memory");
        await _process.StandardInput.FlushAsync();
        var answer = (await _process.StandardOutput.ReadLineAsync())?.Split(' ');
        if (answer is not ["memory", var heap, var rss]) throw new InvalidOperationException("the echo server did not tell its memory");
        return (long.Parse(heap, CultureInfo.InvariantCulture), long.Parse(rss, CultureInfo.InvariantCulture));
    }

    public CpuSample? Cpu() => ServerCpu.Sample(Pid);

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
