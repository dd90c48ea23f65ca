using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorChat.Tests.Client;

/// <summary>
/// A one-connection stand-in for the ActorChat server on a loopback port: the test
/// reads the client's lines and writes raw bytes back, split however it likes.
/// Every wait is bounded, so a broken client fails a test instead of hanging it.
/// </summary>
internal sealed class FakeChatServer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener;
    private TcpClient? _client;
    private StreamReader? _reader;
    private NetworkStream? _stream;

    private FakeChatServer(TcpListener listener) => _listener = listener;

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public static FakeChatServer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new FakeChatServer(listener);
    }

    /// <summary>A loopback port that nothing listens on (bound, then released).</summary>
    public static IPEndPoint UnusedEndPoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endPoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();
        return endPoint;
    }

    public async Task AcceptAsync()
    {
        _client = await _listener.AcceptTcpClientAsync().WaitAsync(Patience);
        _client.NoDelay = true;
        _stream = _client.GetStream();
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    /// <summary>A connection is waiting to be accepted (the client connected again).</summary>
    public bool HasPendingConnection => _listener.Pending();

    /// <summary>The next line the client sent, without its LF; null when the client closed.</summary>
    public async Task<string?> ReadLineAsync() => await Reader.ReadLineAsync().WaitAsync(Patience);

    public async Task WriteAsync(string text)
    {
        await WriteRawAsync(Encoding.UTF8.GetBytes(text));
    }

    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await Stream.WriteAsync(bytes).AsTask().WaitAsync(Patience);
        await Stream.FlushAsync();
    }

    /// <summary>Closes the accepted connection (a FIN, as a server does after <c>bye</c>).</summary>
    public void CloseConnection()
    {
        _client?.Client.Shutdown(SocketShutdown.Both);
        _client?.Close();
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    private StreamReader Reader => _reader ?? throw new InvalidOperationException("AcceptAsync first");
    private NetworkStream Stream => _stream ?? throw new InvalidOperationException("AcceptAsync first");
}
