using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Support;

/// <summary>
/// A protocol client over a real socket, as another program would write it: sends JSON
/// lines, reads and decodes lines. Every wait is bounded, so a missing frame fails the
/// test instead of hanging it.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RawClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    public string? Name { get; private set; }

    /// <param name="receiveBufferBytes">A small value makes a client that stops reading fill up sooner.</param>
    public static async Task<RawClient> ConnectAsync(IPEndPoint endPoint, int? receiveBufferBytes = null)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        if (receiveBufferBytes is { } size) tcp.ReceiveBufferSize = size;
        await tcp.ConnectAsync(endPoint);
        return new RawClient(tcp);
    }

    /// <summary>Connects and logs in, consuming welcome, the lobby history and its own joined.</summary>
    public static async Task<RawClient> LoginAsync(IPEndPoint endPoint, string name, int? receiveBufferBytes = null)
    {
        var client = await ConnectAsync(endPoint, receiveBufferBytes);
        await client.SendAsync(new LoginRequest(name));
        Assert.Equal(name, (await client.ExpectAsync<WelcomeEvent>()).Name);
        await client.ExpectAsync<HistoryEvent>();
        var joined = await client.ExpectAsync<JoinedEvent>();
        Assert.Equal((ProtocolInfo.Lobby, name), (joined.Room, joined.Name));
        client.Name = name;
        return client;
    }

    public Task SendAsync(ClientRequest request) => SendRawAsync(ProtocolSerializer.EncodeRequest(request));

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>The next frame the server sent, decoded.</summary>
    public async Task<ServerEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        string? line;
        try
        {
            line = await _reader.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name ?? "client"}: no frame from the server within {timeout ?? DefaultTimeout}");
        }
        if (line is null) throw new EndOfStreamException($"{Name ?? "client"}: the server closed the connection");
        var decoded = ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(line));
        Assert.True(decoded.IsSuccess, $"undecodable frame {line}: {decoded.Error}");
        return decoded.Value!;
    }

    public async Task<T> ExpectAsync<T>(TimeSpan? timeout = null) where T : ServerEvent =>
        Assert.IsType<T>(await NextAsync(timeout));

    /// <summary>Skips other frames until one of type <typeparamref name="T"/> that matches.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : ServerEvent
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"no {typeof(T).Name} within {timeout ?? DefaultTimeout}");
            if (await NextAsync(left) is T e && (match is null || match(e))) return e;
        }
    }

    /// <summary>The server closed the connection (after whatever it sent is read).</summary>
    public async Task ExpectClosedAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            Assert.Null(await _reader.ReadLineAsync(cts.Token));
        }
        catch (IOException)
        {
            // reset by the server: closed too
        }
    }

    /// <summary>Closes with a TCP reset (SO_LINGER 0), as a crashed client or a pulled cable would.</summary>
    public void Reset()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Client.Close();
    }

    /// <summary>Half-closes: no more sending, the socket stays open.</summary>
    public void ShutdownSend() => _tcp.Client.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        await Task.CompletedTask;
    }
}
