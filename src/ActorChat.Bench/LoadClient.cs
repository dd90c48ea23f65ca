using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Framing;

namespace ActorChat.Bench;

/// <summary>
/// One protocol connection of the load generator. It reads on its own task and records
/// every chat delivery it sees; posts carry their send time and a sequence number in the
/// text (<c>b|sender|seq|timestamp|padding</c>), so receivers measure latency, loss and duplicates.
/// Frames are peeked with a forward-only JSON reader: the tool shares the machine with the
/// server and spends as little as it can.
/// </summary>
public sealed class LoadClient : IBenchClient
{
    private readonly Socket _socket;
    private readonly LineFramer _framer = new(1 << 20);
    private readonly List<FrameResult> _frames = new();
    private readonly byte[] _buffer;
    private readonly DeliveryLog _log;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Task? _reader;
    private TaskCompletionSource<bool>? _awaitJoined;

    private LoadClient(Socket socket, int index, DeliveryLog log, int receiveBufferBytes)
    {
        _socket = socket;
        _buffer = new byte[receiveBufferBytes];
        Index = index;
        _log = log;
    }

    public int Index { get; }

    public string Name => "l" + Index;

    /// <summary>Connects (from <paramref name="source"/> when given), logs in, joins <paramref name="room"/>.</summary>
    /// <param name="receiveBufferBytes">Bytes read at once: large for broadcast load, small for many idle clients.</param>
    public static async Task<LoadClient> ConnectAsync(IPEndPoint server, IPAddress? source, int index, string room, DeliveryLog log,
        int receiveBufferBytes = 256 * 1024)
    {
        var socket = await BenchSocket.ConnectAsync(server, source);
        var client = new LoadClient(socket, index, log, receiveBufferBytes);
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

    /// <summary>Posts one timed message to <paramref name="room"/>.</summary>
    public Task PostAsync(string room, long sequence, string padding)
    {
        var text = $"b|{Index}|{sequence}|{Stopwatch.GetTimestamp()}|{padding}";
        return SendRawAsync(ProtocolSerializer.EncodeRequest(new SayRequest(text, room)));
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
            await _socket.SendAsync(frame);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(_buffer);
                if (n == 0) return;
                var now = Stopwatch.GetTimestamp();
                _framer.Feed(_buffer.AsSpan(0, n), _frames);
                foreach (var frame in _frames) if (!frame.IsTooLarge) OnFrame(frame.Line!, now);
                _frames.Clear();
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void OnFrame(byte[] frame, long now)
    {
        var reader = new Utf8JsonReader(frame);
        string? type = null, text = null, reference = null;
        reader.Read();
        while (reader.Read() && reader.CurrentDepth == 1)
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            var isType = reader.ValueTextEquals("type"u8);
            var isText = reader.ValueTextEquals("text"u8);
            var isRef = reader.ValueTextEquals("ref"u8);
            reader.Read();
            if (isType) type = reader.GetString();
            else if (isText) text = reader.GetString();
            else if (isRef && reader.TokenType == JsonTokenType.String) reference = reader.GetString();
            else reader.Skip();
        }

        switch (type)
        {
            case "message" when text is not null && text.StartsWith("b|", StringComparison.Ordinal):
                var parts = text.Split('|', 5);
                _log.Delivered(Index, int.Parse(parts[1]), long.Parse(parts[2]), now - long.Parse(parts[3]));
                break;
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
        _socket.Dispose();
        if (_reader is not null) await _reader;
    }
}
