using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorChat.Messages;
using ActorChat.Messages.Commands;

namespace ActorChat.Bench;

/// <summary>
/// One connection of the <c>ack</c> scenario: posts to its room keeping up to a window of posts
/// unacknowledged, and counts a post acknowledged when its own copy (the one carrying its id as
/// <c>ref</c>) comes back, which the server sends only once the message is stored. Its read loop
/// (<see cref="LineReceiver"/>) works on the receive buffer in place: in a room of K it also
/// receives the other members' messages, K − 1 for each of its own, and drops them on a glance
/// at their bytes (<see cref="AckFrames"/>) so that it never falls behind.
/// </summary>
public sealed class AckClient : IAsyncDisposable
{
    /// <summary>How long a client waits for any progress (a window slot, its room joined) before it gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly byte[] _sayPrefix;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _failed = new();
    private Task? _reader;
    private Phase? _phase;
    private long _nextId;
    private long _othersReceived;
    private string? _failure;

    private AckClient(Socket socket, string room)
    {
        _socket = socket;
        _sayPrefix = Encoding.UTF8.GetBytes("{\"type\":\"say\",\"room\":" + JsonSerializer.Serialize(room) + ",\"text\":\"");
    }

    /// <summary>Other members' messages this client has read (and dropped).</summary>
    public long OthersReceived => Volatile.Read(ref _othersReceived);

    /// <summary>Connects (from <paramref name="source"/> when given), logs in as <paramref name="name"/>, joins <paramref name="room"/> and leaves the lobby.</summary>
    public static async Task<AckClient> ConnectAsync(IPEndPoint server, IPAddress? source, string name, string room)
    {
        var client = new AckClient(await BenchSocket.ConnectAsync(server, source), room);
        try
        {
            client._reader = Task.Run(client.ReadLoopAsync);
            await client.SendAsync(ProtocolSerializer.EncodeRequest(new LoginRequest(name)));
            await client.SendAsync(ProtocolSerializer.EncodeRequest(new JoinRequest(room) { Id = "join" }));
            await client.SendAsync(ProtocolSerializer.EncodeRequest(new LeaveRequest(ProtocolInfo.Lobby)));
            await client._joined.Task.WaitAsync(Patience);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Posts <paramref name="count"/> messages of <paramref name="text"/> (ASCII, nothing to
    /// escape), at most <paramref name="window"/> unacknowledged; returns each one's time from
    /// writing it to reading its acknowledgement, in ms.
    /// </summary>
    public async Task<double[]> PostAsync(int count, int window, string text)
    {
        if (count == 0) return [];
        var phase = new Phase(_nextId, count, window);
        _nextId += count;
        Volatile.Write(ref _phase, phase);
        var textBytes = Encoding.UTF8.GetBytes(text);
        var frameMax = _sayPrefix.Length + textBytes.Length + 32;
        var batch = new byte[frameMax * Math.Min(count, window)];
        var sent = 0;
        try
        {
            while (sent < count)
            {
                if (!await phase.Window.WaitAsync(Patience, _failed.Token).ConfigureAwait(false))
                    throw new TimeoutException($"no acknowledgement within {Patience.TotalSeconds} s");
                var n = 1;
                while (sent + n < count && phase.Window.Wait(0)) n++; // every free slot: one write
                var length = 0;
                for (var i = 0; i < n; i++)
                {
                    var span = batch.AsSpan(length);
                    _sayPrefix.CopyTo(span);
                    var w = _sayPrefix.Length;
                    textBytes.CopyTo(span[w..]);
                    w += textBytes.Length;
                    "\",\"id\":"u8.CopyTo(span[w..]);
                    w += 7;
                    System.Buffers.Text.Utf8Formatter.TryFormat(phase.FirstId + sent + i, span[w..], out var digits);
                    w += digits;
                    "}\n"u8.CopyTo(span[w..]);
                    length += w + 2;
                    phase.Sent(sent + i);
                }
                sent += n;
                await SendAsync(batch.AsMemory(0, length)).ConfigureAwait(false);
            }
            await phase.Done.Task.WaitAsync(Patience, _failed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw Failure();
        }
        return phase.Latencies;
    }

    private Exception Failure() => new InvalidOperationException(_failure ?? "the connection failed");

    private async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await _socket.SendAsync(bytes);
        }
        catch (SocketException) when (_failure is not null)
        {
            throw Failure();
        }
    }

    private async Task ReadLoopAsync()
    {
        await LineReceiver.ReadLinesAsync(_socket, _buffer, OnFrame);
        Fail("the server closed the connection");
    }

    private void OnFrame(ReadOnlySpan<byte> frame, long receivedAt)
    {
        switch (AckFrames.Classify(frame, out var id))
        {
            case AckFrameKind.OwnCopy:
                Volatile.Read(ref _phase)?.Acknowledged(id, receivedAt);
                break;
            case AckFrameKind.OtherMessage:
                _othersReceived++;
                break;
            default:
                OnControlFrame(frame);
                break;
        }
    }

    private void OnControlFrame(ReadOnlySpan<byte> frame)
    {
        if (!ControlFrame.TryRead(frame, out var type, out var reference))
        {
            Fail("unreadable frame: " + Encoding.UTF8.GetString(frame));
            return;
        }
        if (type == "joined" && reference == "join") _joined.TrySetResult();
        else if (type is "error" or "bye") Fail("server said: " + Encoding.UTF8.GetString(frame));
    }

    private void Fail(string why)
    {
        if (_failure is not null) return;
        _failure = why;
        _joined.TrySetException(new InvalidOperationException(why));
        _failed.Cancel();
    }

    public async ValueTask DisposeAsync()
    {
        _failure ??= "closed";
        _socket.Dispose();
        if (_reader is not null) await _reader;
        _failed.Dispose();
    }

    /// <summary>One <see cref="PostAsync"/>: its ids, send times, latencies and window.</summary>
    private sealed class Phase(long firstId, int count, int window)
    {
        private readonly long[] _sentAt = new long[count];
        private readonly bool[] _seen = new bool[count];
        private int _acked;

        public long FirstId { get; } = firstId;
        public SemaphoreSlim Window { get; } = new(window, window);
        public double[] Latencies { get; } = new double[count];
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Sent(int index) => Volatile.Write(ref _sentAt[index], Stopwatch.GetTimestamp());

        /// <summary>On the read loop: the post with this id came back.</summary>
        public void Acknowledged(long id, long receivedAt)
        {
            var index = id - FirstId;
            if (index < 0 || index >= _sentAt.Length || _seen[index]) return; // not this phase's, or a second copy
            _seen[index] = true;
            Latencies[index] = Stopwatch.GetElapsedTime(Volatile.Read(ref _sentAt[index]), receivedAt).TotalMilliseconds;
            Window.Release();
            if (++_acked == _sentAt.Length) Done.TrySetResult();
        }
    }
}
