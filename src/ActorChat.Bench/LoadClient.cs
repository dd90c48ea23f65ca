using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ActorChat.Messages;
using ActorChat.Messages.Commands;

namespace ActorChat.Bench;

/// <summary>
/// One protocol connection of the load generator. It reads on its own task and records
/// every chat delivery it sees; posts carry their send time and a sequence number in the
/// text (<see cref="BenchText"/>), so receivers measure latency, loss and duplicates.
/// The tool shares the machine with the server, so the delivery path works on the receive
/// buffer in place: lines are split there, a <c>message</c> line's text is found by its
/// position (the server writes <c>{"type":"message",…,"text":"…"</c>) and read on bytes;
/// only other frames (joined, pong, error, bye) go through a JSON reader.
/// </summary>
public sealed class LoadClient : IBenchClient
{
    private static readonly byte[] MessagePrefix = "{\"type\":\"message\""u8.ToArray();
    private static readonly byte[] TextKey = "\"text\":\""u8.ToArray();

    private readonly BenchWire _wire;
    private readonly byte[] _buffer;
    private readonly ReceiverLog _deliveries;
    private readonly DeliveryLog _log;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[] _sendBuffer = new byte[16 * 1024];
    private byte[]? _sayPrefix;
    private string? _sayRoom;
    private Task? _reader;
    private TaskCompletionSource<bool>? _awaitJoined;
    private bool _sendFailed;

    private LoadClient(BenchWire wire, int index, DeliveryLog log, int receiveBufferBytes)
    {
        _wire = wire;
        _buffer = new byte[receiveBufferBytes];
        Index = index;
        _log = log;
        _deliveries = log.ForReceiver();
    }

    public int Index { get; }

    public string Name => "l" + Index;

    /// <summary>Connects (from <paramref name="source"/> when given, over <paramref name="transport"/>), logs in, joins <paramref name="room"/>.</summary>
    /// <param name="receiveBufferBytes">Bytes read at once: large for broadcast load, small for many idle clients.</param>
    public static async Task<LoadClient> ConnectAsync(IPEndPoint server, IPAddress? source, int index, string room, DeliveryLog log,
        int receiveBufferBytes = 256 * 1024, BenchTransport transport = BenchTransport.Tcp)
    {
        var wire = await transport.ConnectAsync(server, source);
        var client = new LoadClient(wire, index, log, receiveBufferBytes);
        client._awaitJoined = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        client._reader = Task.Run(client.ReadLoopAsync);
        await client.SendRawAsync(ProtocolSerializer.EncodeRequest(new LoginRequest(client.Name)));
        if (room != ProtocolInfo.Lobby)
        {
            await client.SendRawAsync(ProtocolSerializer.EncodeRequest(new JoinRequest(room) { Id = "join" }));
            await client.SendRawAsync(ProtocolSerializer.EncodeRequest(new LeaveRequest(ProtocolInfo.Lobby)));
        }
        else
        {
            await client.SendRawAsync(ProtocolSerializer.EncodeRequest(new PingRequest { Id = "join" }));
        }
        await client._awaitJoined.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return client;
    }

    /// <summary>
    /// Posts <paramref name="count"/> timed messages to <paramref name="room"/> in one write:
    /// <c>{"type":"say","room":R,"text":"b|…"}</c> LF each, formatted straight into bytes.
    /// </summary>
    public async Task PostAsync(string room, long firstSequence, int count, byte[] padding)
    {
        if (_sayRoom != room)
        {
            _sayPrefix = Encoding.UTF8.GetBytes("{\"type\":\"say\",\"room\":" + JsonSerializer.Serialize(room) + ",\"text\":\"");
            _sayRoom = room;
        }
        await _writeLock.WaitAsync();
        try
        {
            var frameMax = _sayPrefix!.Length + padding.Length + 80;
            if (_sendBuffer.Length < frameMax * count) _sendBuffer = new byte[frameMax * count * 2];
            var n = 0;
            for (var i = 0; i < count; i++)
            {
                var span = _sendBuffer.AsSpan(n);
                _sayPrefix.CopyTo(span);
                var w = _sayPrefix.Length;
                w += BenchText.Write(span[w..], Index, firstSequence + i, padding);
                "\"}\n"u8.CopyTo(span[w..]);
                n += w + 3;
            }
            await _wire.SendAsync(_sendBuffer.AsMemory(0, n));
        }
        catch (Exception e) when (BenchWire.IsClosed(e))
        {
            SendFailed(e); // the server dropped this client (a slow consumer): its posts count as lost
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Round trip to the server: answered after everything sent before it was handled.
    /// False when no answer came within <paramref name="patience"/> (the server fell behind).
    /// </summary>
    public async Task<bool> PingAsync(TimeSpan patience)
    {
        _awaitJoined = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendRawAsync(ProtocolSerializer.EncodeRequest(new PingRequest { Id = "join" }));
        try
        {
            await _awaitJoined.Task.WaitAsync(patience);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task SendRawAsync(byte[] frame)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _wire.SendAsync(frame);
        }
        catch (Exception e) when (BenchWire.IsClosed(e))
        {
            SendFailed(e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void SendFailed(Exception e)
    {
        if (!_sendFailed) _log.Error($"{Name} could not send: the connection is closed ({e.GetType().Name}: {e.Message})");
        _sendFailed = true;
    }

    private Task ReadLoopAsync() => LineReceiver.ReadLinesAsync(_wire, _buffer, OnFrame);

    private void OnFrame(ReadOnlySpan<byte> frame, long now)
    {
        if (frame.StartsWith(MessagePrefix))
        {
            var at = frame.IndexOf(TextKey);
            if (at >= 0 && BenchText.TryRead(frame[(at + TextKey.Length)..], out var sender, out var sequence, out var sentAt))
                _deliveries.Delivered(sender, sequence, now - sentAt);
            return;
        }
        OnControlFrame(frame);
    }

    /// <summary>Anything but a message: read its type (and ref) with a forward-only JSON reader.</summary>
    private void OnControlFrame(ReadOnlySpan<byte> frame)
    {
        if (!ControlFrame.TryRead(frame, out var type, out var reference))
        {
            _log.Error("unreadable frame: " + Encoding.UTF8.GetString(frame));
            return;
        }

        switch (type)
        {
            case "joined" or "pong" when reference == "join":
                _awaitJoined?.TrySetResult(true);
                break;
            case "error":
                _log.Error(Encoding.UTF8.GetString(frame));
                break;
            case "bye":
                var bye = Encoding.UTF8.GetString(frame);
                _log.Error(bye);
                _awaitJoined?.TrySetException(new InvalidOperationException("server said: " + bye));
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _wire.Dispose();
        if (_reader is not null) await _reader;
    }
}
