using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
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

    private readonly ILineChannel _channel;

    private RawClient(ILineChannel channel) => _channel = channel;

    public string? Name { get; private set; }

    /// <param name="receiveBufferBytes">A small value makes a client that stops reading fill up sooner.</param>
    public static async Task<RawClient> ConnectAsync(IPEndPoint endPoint, int? receiveBufferBytes = null)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        if (receiveBufferBytes is { } size) tcp.ReceiveBufferSize = size;
        await tcp.ConnectAsync(endPoint);
        return new RawClient(new StreamLines(tcp, tcp.GetStream()));
    }

    /// <summary>Connects to a TLS port, trusting the certificates <paramref name="caFile"/> (PEM) signs, for the name <paramref name="serverName"/>.</summary>
    public static async Task<RawClient> ConnectTlsAsync(IPEndPoint endPoint, string caFile, string serverName = "localhost", int? receiveBufferBytes = null)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        if (receiveBufferBytes is { } size) tcp.ReceiveBufferSize = size;
        await tcp.ConnectAsync(endPoint);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(TlsClientOptions(caFile, serverName));
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        return new RawClient(new StreamLines(tcp, tls));
    }

    /// <summary>Trusts only what <paramref name="caFile"/> signs, and checks the name, as a careful client does.</summary>
    public static SslClientAuthenticationOptions TlsClientOptions(string caFile, string serverName) => new()
    {
        TargetHost = serverName,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { X509CertificateLoader.LoadCertificateFromFile(caFile) },
            RevocationMode = X509RevocationMode.NoCheck,
        },
    };

    /// <summary>Opens a WebSocket to <paramref name="uri"/> (<c>ws://HOST:PORT/ws</c>), sending <paramref name="origin"/> when given, as a browser does.</summary>
    public static async Task<RawClient> ConnectWebSocketAsync(Uri uri, string? origin = null, string? caFile = null, int? receiveBufferBytes = null)
    {
        var socket = new ClientWebSocket();
        HttpMessageInvoker? invoker = null;
        if (receiveBufferBytes is { } size)
        {
            // A small socket buffer, so that a client that stops reading fills up sooner.
            invoker = new HttpMessageInvoker(new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellation) =>
                {
                    var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = size };
                    await tcp.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(tcp, ownsSocket: true);
                },
            });
        }
        if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
        if (caFile is not null)
        {
            var trusted = TlsClientOptions(caFile, uri.Host);
            socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
                using var chain = new X509Chain { ChainPolicy = trusted.CertificateChainPolicy! };
                return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }
        using var cts = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, invoker, cts.Token);
        return new RawClient(new WebSocketLines(socket));
    }

    /// <summary>Connects and logs in, consuming welcome, the lobby history and its own joined.</summary>
    public static async Task<RawClient> LoginAsync(IPEndPoint endPoint, string name, int? receiveBufferBytes = null)
    {
        var client = await ConnectAsync(endPoint, receiveBufferBytes);
        await client.LoginAsync(name);
        return client;
    }

    /// <summary>Logs in on this connection, consuming welcome, the lobby history and its own joined.</summary>
    public async Task LoginAsync(string name)
    {
        var client = this;
        await client.SendAsync(new LoginRequest(name));
        Assert.Equal(name, (await client.ExpectAsync<WelcomeEvent>()).Name);
        await client.ExpectAsync<HistoryEvent>();
        var joined = await client.ExpectAsync<JoinedEvent>();
        Assert.Equal((ProtocolInfo.Lobby, name), (joined.Room, joined.Name));
        client.Name = name;
    }

    /// <summary>Logs in with a password (or registers: <paramref name="register"/>), consuming welcome, the lobby history and its own joined; returns the welcome.</summary>
    public async Task<WelcomeEvent> LoginAsync(string name, string password, bool register = false)
    {
        await SendAsync(register ? new RegisterRequest(name, new Password(password)) : new LoginRequest(name, new Password(password)));
        var next = await NextAsync();
        if (next is not WelcomeEvent welcome) throw new Xunit.Sdk.XunitException($"{(register ? "register" : "login")} of {name} was answered {ProtocolSerializer.ToJson(next)}");
        await WaitForAsync<JoinedEvent>(j => j.Room == ProtocolInfo.Lobby && j.Name == welcome.Name);
        Name = welcome.Name;
        return welcome;
    }

    /// <summary>A new connection that registers <paramref name="name"/> (or logs in to it) with <paramref name="password"/>.</summary>
    public static async Task<RawClient> AccountAsync(IPEndPoint endPoint, string name, string password, bool register = true)
    {
        var client = await ConnectAsync(endPoint);
        await client.LoginAsync(name, password, register);
        return client;
    }

    public Task SendAsync(ClientRequest request) => SendRawAsync(ProtocolSerializer.EncodeRequest(request));

    public Task SendRawAsync(string text) => SendRawAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Bytes as they are on a stream; over a WebSocket each line (up to its LF) goes as one text message.</summary>
    public Task SendRawAsync(byte[] bytes) => _channel.SendAsync(bytes);

    /// <summary>Over a WebSocket: one message as it is (text or binary), whatever it holds.</summary>
    public Task SendMessageAsync(byte[] bytes, bool binary = false) => ((WebSocketLines)_channel).SendMessageAsync(bytes, binary);

    /// <summary>The next frame the server sent, decoded.</summary>
    public async Task<ServerEvent> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        string? line;
        try
        {
            line = await _channel.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name ?? "client"}: no frame from the server within {timeout ?? DefaultTimeout}");
        }
        if (line is null) throw new EndOfStreamException($"{Name ?? "client"}: the server closed the connection");
        return Decode(line);
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

    /// <summary>The next frame, or null when the server has closed the connection (a reset counts as closed).</summary>
    public async Task<ServerEvent?> NextOrClosedAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        string? line;
        try
        {
            line = await _channel.ReadLineAsync(cts.Token);
        }
        catch (Exception e) when (e is IOException or WebSocketException)
        {
            return null;
        }
        return line is null ? null : Decode(line);
    }

    private static ServerEvent Decode(string line)
    {
        var decoded = ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(line));
        Assert.True(decoded.IsSuccess, $"undecodable frame {line}: {decoded.Error}");
        return decoded.Value!;
    }

    /// <summary>The server closed the connection (after whatever it sent is read).</summary>
    public async Task ExpectClosedAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            Assert.Null(await _channel.ReadLineAsync(cts.Token));
        }
        catch (Exception e) when (e is IOException or WebSocketException)
        {
            // reset by the server: closed too
        }
    }

    /// <summary>Closes with a TCP reset (SO_LINGER 0), as a crashed client or a pulled cable would.</summary>
    public void Reset() => _channel.Reset();

    /// <summary>Half-closes: no more sending, the socket stays open.</summary>
    public void ShutdownSend() => _channel.ShutdownSend();

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>How the client's lines travel: a stream (TCP, TLS) or WebSocket messages.</summary>
    private interface ILineChannel : IDisposable
    {
        Task SendAsync(byte[] bytes);

        /// <summary>The next frame; null when the server has closed.</summary>
        Task<string?> ReadLineAsync(CancellationToken cancellation);

        void Reset();

        void ShutdownSend();
    }

    private sealed class StreamLines(TcpClient tcp, Stream stream) : ILineChannel
    {
        private readonly StreamReader _reader = new(stream, new UTF8Encoding(false));

        public async Task SendAsync(byte[] bytes) => await stream.WriteAsync(bytes);

        public async Task<string?> ReadLineAsync(CancellationToken cancellation) => await _reader.ReadLineAsync(cancellation);

        public void Reset()
        {
            tcp.Client.LingerState = new LingerOption(true, 0);
            tcp.Client.Close();
        }

        public void ShutdownSend() => tcp.Client.Shutdown(SocketShutdown.Send);

        public void Dispose()
        {
            stream.Dispose();
            tcp.Dispose();
        }
    }

    /// <summary>
    /// One frame per message both ways: bytes sent are cut into messages at each LF (CR LF), and sent as
    /// they come (a long line as fragments of one message, as a browser streams a large one). A
    /// line that is not UTF-8 goes as a binary message: a WebSocket text message must be UTF-8
    /// (RFC 6455 §8.1), and an endpoint that gets one that is not fails the connection.
    /// </summary>
    private sealed class WebSocketLines(ClientWebSocket socket) : ILineChannel
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private WebSocketMessageType? _open;

        public async Task SendAsync(byte[] bytes)
        {
            var rest = bytes.AsMemory();
            while (!rest.IsEmpty)
            {
                var lf = rest.Span.IndexOf((byte)'\n');
                var part = lf < 0 ? rest : rest[..lf];
                if (lf > 0 && part.Span[^1] == (byte)'\r') part = part[..^1]; // the frame is what TCP's framing would read
                _open ??= System.Text.Unicode.Utf8.IsValid(part.Span) ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
                await socket.SendAsync(part, _open.Value, endOfMessage: lf >= 0, CancellationToken.None);
                if (lf >= 0) _open = null;
                rest = lf < 0 ? Memory<byte>.Empty : rest[(lf + 1)..];
            }
        }

        public Task SendMessageAsync(byte[] bytes, bool binary) =>
            socket.SendAsync(bytes, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        public async Task<string?> ReadLineAsync(CancellationToken cancellation)
        {
            using var message = new MemoryStream();
            while (true)
            {
                if (socket.State is not (WebSocketState.Open or WebSocketState.CloseSent)) return null;
                var result = await socket.ReceiveAsync(_buffer, cancellation);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return null;
                }
                Assert.Equal(WebSocketMessageType.Text, result.MessageType);
                message.Write(_buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                var text = Encoding.UTF8.GetString(message.ToArray());
                Assert.DoesNotContain('\n', text); // one frame per message, no LF
                return text;
            }
        }

        public void Reset() => socket.Abort();

        public void ShutdownSend() => throw new NotSupportedException("a WebSocket has no half-close");

        public void Dispose() => socket.Dispose();
    }
}
