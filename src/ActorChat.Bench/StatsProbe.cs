using System.Net;
using System.Net.Sockets;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Bench;

/// <summary>
/// A logged-in connection that asks an ActorChat server for its counts (<c>stats</c>, an ActorChat
/// addition): sessions, users, rooms, direct conversations. It stays in the lobby and reads
/// whatever else comes, so asking now and then also keeps it from idling out.
/// </summary>
public sealed class StatsProbe : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly TaskCompletionSource _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<StatsEvent>? _answer;
    private Task? _reader;
    private long _asked;
    private volatile string? _failure;

    private StatsProbe(Socket socket) => _socket = socket;

    /// <summary>Connects and logs in as <paramref name="name"/>.</summary>
    public static async Task<StatsProbe> ConnectAsync(IPEndPoint server, string name, TimeSpan patience)
    {
        var probe = new StatsProbe(await BenchSocket.ConnectAsync(server, null));
        try
        {
            probe._reader = Task.Run(probe.ReadAsync);
            await probe._socket.SendAsync(ProtocolSerializer.EncodeRequest(new LoginRequest(name)));
            await probe._welcome.Task.WaitAsync(patience);
            return probe;
        }
        catch
        {
            await probe.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's counts now; throws when it does not answer within <paramref name="patience"/> or refuses.</summary>
    public async Task<StatsEvent> AskAsync(TimeSpan patience)
    {
        await _oneAtATime.WaitAsync();
        try
        {
            if (_failure is { } failed) throw new InvalidOperationException(failed);
            var id = "stats-" + ++_asked;
            var answer = new TaskCompletionSource<StatsEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _answer, answer);
            await _socket.SendAsync(ProtocolSerializer.EncodeRequest(new StatsRequest { Id = id }));
            var stats = await answer.Task.WaitAsync(patience);
            return stats with { Ref = null };
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task ReadAsync()
    {
        await LineReceiver.ReadLinesAsync(_socket, new byte[64 * 1024], OnFrame);
        Fail("the server closed the probe's connection");
    }

    private void OnFrame(ReadOnlySpan<byte> frame, long receivedAt)
    {
        if (frame.StartsWith("{\"type\":\"message\""u8) || frame.StartsWith("{\"type\":\"joined\""u8) || frame.StartsWith("{\"type\":\"left\""u8))
            return; // the lobby's traffic, if anyone else is there
        if (frame.StartsWith("{\"type\":\"welcome\""u8))
        {
            _welcome.TrySetResult();
            return;
        }
        var decoded = ProtocolSerializer.DecodeEvent(frame); // rare frames: the answers, errors, bye
        switch (decoded.Value)
        {
            case StatsEvent stats:
                Volatile.Read(ref _answer)?.TrySetResult(stats);
                break;
            case ErrorEvent error:
                var refused = new InvalidOperationException($"server said: {error.Code}: {error.Message}");
                if (!_welcome.TrySetException(refused)) Volatile.Read(ref _answer)?.TrySetException(refused);
                break;
            case ByeEvent bye:
                Fail("server said bye: " + bye.Reason);
                break;
        }
    }

    private void Fail(string why)
    {
        _failure ??= why;
        var failed = new InvalidOperationException(why);
        _welcome.TrySetException(failed);
        Volatile.Read(ref _answer)?.TrySetException(failed);
    }

    public async ValueTask DisposeAsync()
    {
        _failure ??= "closed";
        _socket.Dispose();
        if (_reader is not null) await _reader;
    }
}
