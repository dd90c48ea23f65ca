using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorChat.Bench;

/// <summary>
/// One IRC connection of the load generator, the counterpart of <see cref="LoadClient"/> for
/// <c>--protocol irc</c> (ngircd, InspIRCd). Registers as <c>lN</c>, joins <c>#room</c>, posts
/// <c>PRIVMSG #room :b|sender|seq|timestamp|padding</c> and records every PRIVMSG it receives.
/// Lines are split and parsed on bytes; only PRIVMSG texts that are bench posts are decoded.
/// IRC servers do not echo a sender's own PRIVMSG, so a post reaches members − 1 receivers.
/// </summary>
public sealed class IrcLoadClient : IBenchClient
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private byte[] _sendBuffer = new byte[16 * 1024];
    private readonly DeliveryLog _log;
    private readonly ReceiverLog _deliveries;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource<bool> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<bool>? _awaitJoined;
    private TaskCompletionSource<bool>? _awaitPong;
    private Task? _reader;

    private IrcLoadClient(Socket socket, int index, DeliveryLog log)
    {
        _socket = socket;
        Index = index;
        _log = log;
        _deliveries = log.ForReceiver();
    }

    public int Index { get; }

    public string Name => "l" + Index;

    public static async Task<IrcLoadClient> ConnectAsync(IPEndPoint server, IPAddress? source, int index, string room, DeliveryLog log)
    {
        var socket = await BenchSocket.ConnectAsync(server, source);
        var client = new IrcLoadClient(socket, index, log);
        client._reader = Task.Run(client.ReadLoopAsync);
        await client.SendLineAsync($"NICK {client.Name}\r\nUSER {client.Name} 0 * :{client.Name}\r\n");
        await client._registered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        client._awaitJoined = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.SendLineAsync($"JOIN #{room}\r\n");
        await client._awaitJoined.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return client;
    }

    /// <summary>Posts <paramref name="count"/> timed messages in one write: <c>PRIVMSG #room :b|…</c> CRLF each, formatted straight into bytes.</summary>
    public async Task PostAsync(string room, long firstSequence, int count, byte[] padding)
    {
        await _writeLock.WaitAsync();
        try
        {
            var prefix = Encoding.UTF8.GetBytes("PRIVMSG #" + room + " :");
            var frameMax = prefix.Length + padding.Length + 80;
            if (_sendBuffer.Length < frameMax * count) _sendBuffer = new byte[frameMax * count * 2];
            var n = 0;
            for (var i = 0; i < count; i++)
            {
                var span = _sendBuffer.AsSpan(n);
                prefix.CopyTo(span);
                var w = prefix.Length;
                w += BenchText.Write(span[w..], Index, firstSequence + i, padding);
                span[w++] = (byte)'\r';
                span[w++] = (byte)'\n';
                n += w;
            }
            await _socket.SendAsync(_sendBuffer.AsMemory(0, n));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<bool> PingAsync(TimeSpan patience)
    {
        _awaitPong = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendLineAsync("PING :benchsync\r\n");
        try
        {
            await _awaitPong.Task.WaitAsync(patience);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task SendLineAsync(string lines)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(lines));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private Task ReadLoopAsync() => LineReceiver.ReadLinesAsync(_socket, _buffer, OnLine);

    private void OnLine(ReadOnlySpan<byte> line, long now)
    {
        if (line.StartsWith("PING "u8))
        {
            var reply = new byte[line.Length + 2];
            "PONG"u8.CopyTo(reply);
            line[4..].CopyTo(reply.AsSpan(4));
            reply[^2] = (byte)'\r';
            reply[^1] = (byte)'\n';
            _ = SendRawAsync(reply);
            return;
        }

        // [:prefix] COMMAND params...
        var rest = line;
        if (rest.Length > 0 && rest[0] == (byte)':')
        {
            var space = rest.IndexOf((byte)' ');
            if (space < 0) return;
            rest = rest[(space + 1)..];
        }
        var end = rest.IndexOf((byte)' ');
        var command = end < 0 ? rest : rest[..end];
        var args = end < 0 ? ReadOnlySpan<byte>.Empty : rest[(end + 1)..];

        if (command.SequenceEqual("PRIVMSG"u8))
        {
            var colon = args.IndexOf(" :"u8);
            if (colon < 0) return;
            if (BenchText.TryRead(args[(colon + 2)..], out var sender, out var sequence, out var sentAt))
                _deliveries.Delivered(sender, sequence, now - sentAt);
        }
        else if (command.SequenceEqual("001"u8))
        {
            _registered.TrySetResult(true);
        }
        else if (command.SequenceEqual("366"u8) || command.SequenceEqual("JOIN"u8))
        {
            _awaitJoined?.TrySetResult(true);
        }
        else if (command.SequenceEqual("PONG"u8))
        {
            if (args.EndsWith("benchsync"u8)) _awaitPong?.TrySetResult(true);
        }
        else if (command.SequenceEqual("ERROR"u8) ||
                 (command.Length == 3 && (command[0] == (byte)'4' || command[0] == (byte)'5')))
        {
            _log.Error(Encoding.UTF8.GetString(line));
        }
    }

    private async Task SendRawAsync(byte[] data)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _socket.SendAsync(data);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (_reader is not null) await _reader;
    }
}
