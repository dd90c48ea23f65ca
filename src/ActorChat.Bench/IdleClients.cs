using System.Diagnostics;
using System.Net;

namespace ActorChat.Bench;

/// <summary>
/// The idle clients one process holds for the connect scenario: clients <c>first</c> to
/// <c>first + count - 1</c> of the run, each logged in as <c>l{index}</c> and in room
/// <c>idle-{index / 50}</c>, from loopback source address <c>127.0.0.{1 + index % sources}</c>.
/// </summary>
public sealed class IdleClients : IIdleGroup
{
    /// <summary>Clients connecting at once.</summary>
    private const int Batch = 200;

    /// <summary>An idle client reads only small frames (welcome, history of an empty room, pong).</summary>
    private const int ReceiveBufferBytes = 4096;

    private readonly List<LoadClient> _clients;
    private readonly DeliveryLog _log;

    private IdleClients(List<LoadClient> clients, DeliveryLog log, TimeSpan connectTime)
    {
        _clients = clients;
        _log = log;
        ConnectTime = connectTime;
    }

    public int Count => _clients.Count;

    /// <summary>How long connecting and logging in took.</summary>
    public TimeSpan ConnectTime { get; }

    /// <summary>Errors and byes the server sent so far.</summary>
    public IReadOnlyCollection<string> Errors => _log.Errors;

    /// <summary>Connects and logs in every client; on any failure, closes those already connected and throws.</summary>
    public static async Task<IdleClients> ConnectAsync(IPEndPoint server, int first, int count, int sourceAddresses)
    {
        var log = new DeliveryLog();
        var clients = new List<LoadClient>(count);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = first; i < first + count; i += Batch)
            {
                var batch = Enumerable.Range(i, Math.Min(Batch, first + count - i)).Select(c =>
                    LoadClient.ConnectAsync(server, ConnectPlan.SourceAddress(c, sourceAddresses), c, $"idle-{c / 50}", log, ReceiveBufferBytes));
                var connecting = batch.ToList();
                try
                {
                    await Task.WhenAll(connecting);
                }
                finally
                {
                    clients.AddRange(connecting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
                }
            }
        }
        catch
        {
            foreach (var client in clients) await client.DisposeAsync();
            throw;
        }
        return new IdleClients(clients, log, clock.Elapsed);
    }

    /// <summary>Whether the server still answers the last and the first client.</summary>
    public async Task<bool> PingAsync(TimeSpan patience) =>
        _clients.Count == 0 || (await _clients[^1].PingAsync(patience) && await _clients[0].PingAsync(patience));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) await client.DisposeAsync();
        _clients.Clear();
    }
}

/// <summary>A share of the connect scenario's clients: held in this process or in a worker process.</summary>
public interface IIdleGroup : IAsyncDisposable
{
    /// <summary>Clients logged in and idle.</summary>
    int Count { get; }

    /// <summary>How long connecting and logging in took.</summary>
    TimeSpan ConnectTime { get; }

    /// <summary>Errors and byes the server sent so far.</summary>
    IReadOnlyCollection<string> Errors { get; }

    /// <summary>Whether the server still answers the group's first and last client.</summary>
    Task<bool> PingAsync(TimeSpan patience);
}
