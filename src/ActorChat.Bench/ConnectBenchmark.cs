using System.Diagnostics;
using System.Net;

namespace ActorChat.Bench;

/// <summary>
/// Idle capacity: <c>clients</c> connections log in and stay idle. Reports how long that took,
/// the server's resident memory before and after (read from /proc for the given pid), and
/// whether the server still answers. Clients are spread over <c>sourceAddresses</c> loopback
/// addresses and, past one process's open-file limit, over <c>processes</c> generator
/// processes (<see cref="ConnectWorker"/>); one process holds them itself.
/// </summary>
public sealed class ConnectBenchmark(IPEndPoint server, int clients, int sourceAddresses, int? serverPid, int processes = 1)
{
    /// <summary>Runs the scenario; <paramref name="whileHeld"/> (if any) runs once measured, with every client still connected.</summary>
    public async Task<ConnectResult> RunAsync(Func<ConnectResult, Task>? whileHeld = null)
    {
        var rssBefore = ServerMemory.ResidentBytes(serverPid);
        var clock = Stopwatch.StartNew();
        var groups = await ConnectAllAsync();
        try
        {
            var connectTime = clock.Elapsed;
            await Task.Delay(1000); // let the server settle before reading its memory
            var rssAfter = ServerMemory.ResidentBytes(serverPid);

            var answers = (await Task.WhenAll(groups.Select(g => g.PingAsync(TimeSpan.FromSeconds(10))))).All(a => a);
            var result = new ConnectResult(groups.Sum(g => g.Count), groups.Count, connectTime, rssBefore, rssAfter, answers,
                groups.SelectMany(g => g.Errors).Take(5).ToList());
            if (whileHeld is not null) await whileHeld(result);
            return result;
        }
        finally
        {
            await Task.WhenAll(groups.Select(g => g.DisposeAsync().AsTask()));
        }
    }

    private async Task<IReadOnlyList<IIdleGroup>> ConnectAllAsync()
    {
        if (processes <= 1) return [await IdleClients.ConnectAsync(server, 0, clients, sourceAddresses)];

        var starting = ConnectPlan.Split(clients, processes)
            .Select(share => WorkerProcess.StartAsync(server, share.First, share.Count, sourceAddresses)).ToList();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) await started.Result.DisposeAsync();
            var reasons = starting.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!.Message);
            throw new InvalidOperationException(string.Join("; ", reasons));
        }
    }
}

public sealed record ConnectResult(int Clients, int Processes, TimeSpan ConnectTime, long? RssBefore, long? RssAfter, bool ServerAnswers, IReadOnlyList<string> Errors)
{
    public double? BytesPerConnection => RssBefore is { } before && RssAfter is { } after ? (after - before) / (double)Clients : null;
}
