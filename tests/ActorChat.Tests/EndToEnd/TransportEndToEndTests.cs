using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Transport;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// One server with every transport on (TCP, the TLS port, and HTTPS with WebSocket), and clients
/// on real sockets: what only TLS or WebSocket has, and the rules that hold across them.
/// </summary>
public sealed class TransportEndToEndTests : IAsyncLifetime
{
    private readonly TempStorage _storage = new();
    private readonly TestCertificates _certificates = new();
    private ChatServer _server = null!;

    private static ServerLimits Limits => new()
    {
        Port = 0, IdleShutdown = TimeSpan.Zero, ShutdownGrace = TimeSpan.FromSeconds(2), RatePerSecond = 0,
        MaxFrameBytes = 1024, MaxPerAddress = 4, CloseGrace = TimeSpan.FromSeconds(1),
    };

    public async Task InitializeAsync() =>
        _server = await ChatServer.StartAsync(Limits, _storage.Settings, transports: new TransportSettings
        {
            TlsPort = 0,
            HttpPort = 0,
            CertificateFile = _certificates.Server.CertificateFile,
            KeyFile = _certificates.Server.KeyFile,
            AllowedOrigins = ["https://chat.example.org"],
        });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _storage.Dispose();
        _certificates.Dispose();
    }

    private Uri WebSocketUri => new($"wss://localhost:{_server.HttpEndPoint!.Port}/ws");

    private Task<RawClient> Tls() => RawClient.ConnectTlsAsync(_server.TlsEndPoint!, _certificates.CaFile);

    private Task<RawClient> WebSocket(string? origin = null) => RawClient.ConnectWebSocketAsync(WebSocketUri, origin, _certificates.CaFile);

    private static async Task<RawClient> LoggedIn(Task<RawClient> connecting, string name)
    {
        var client = await connecting;
        await client.LoginAsync(name);
        return client;
    }

    private HttpClient Https() => new(new SocketsHttpHandler
    {
        SslOptions = RawClient.TlsClientOptions(_certificates.CaFile, "localhost"),
    }) { BaseAddress = new Uri($"https://localhost:{_server.HttpEndPoint!.Port}/"), Timeout = RawClient.DefaultTimeout };

    [Fact]
    public async Task A_TCP_a_TLS_and_a_WebSocket_user_chat_in_one_room_and_see_one_order()
    {
        await using var tcp = await RawClient.LoginAsync(_server.EndPoint, "tcp");
        await using var tls = await LoggedIn(Tls(), "tls");
        await using var ws = await LoggedIn(WebSocket(), "web");
        await tcp.WaitForAsync<JoinedEvent>(j => j.Name == "web");
        await tls.WaitForAsync<JoinedEvent>(j => j.Name == "web");

        var clients = new[] { tcp, tls, ws };
        var posts = new List<Task>();
        for (var i = 0; i < 10; i++)
            foreach (var client in clients)
                posts.Add(client.SendAsync(new SayRequest($"{client.Name} {i}")));
        await Task.WhenAll(posts);

        var seen = new List<List<string>>();
        foreach (var client in clients)
        {
            var messages = new List<string>();
            while (messages.Count < 30) messages.Add(Describe(await client.WaitForAsync<ChatMessage>()));
            seen.Add(messages);
        }
        Assert.Equal(seen[0], seen[1]);
        Assert.Equal(seen[0], seen[2]);
        foreach (var name in new[] { "tcp", "tls", "web" })
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{name}: {name} {i}"), seen[0].Where(m => m.StartsWith(name + ":"))); // each in the order it was sent
        static string Describe(ChatMessage m) => $"{m.From}: {m.Text}";
    }

    [Fact]
    public async Task Plaintext_on_the_TLS_port_is_closed_without_an_answer_and_TLS_clients_carry_on()
    {
        using var plain = new TcpClient(AddressFamily.InterNetwork);
        await plain.ConnectAsync(_server.TlsEndPoint!);
        var stream = plain.GetStream();
        await stream.WriteAsync("{\"type\":\"login\",\"name\":\"plain\"}\n"u8.ToArray());
        using var timeout = new CancellationTokenSource(RawClient.DefaultTimeout);
        var buffer = new byte[256];
        var read = await ReadOrReset(stream, buffer, timeout.Token);
        Assert.Equal(0, read); // closed, not a byte of protocol (or of TLS alert we would have to parse)

        await using var tls = await LoggedIn(Tls(), "after");
        await tls.SendAsync(new PingRequest { Id = 1 });
        Assert.Equal(RequestRef.Of(1), (await tls.ExpectAsync<PongEvent>()).Ref);
    }

    [Fact]
    public async Task A_client_that_starts_no_handshake_is_closed_after_the_close_grace()
    {
        using var silent = new TcpClient(AddressFamily.InterNetwork);
        await silent.ConnectAsync(_server.TlsEndPoint!);
        using var timeout = new CancellationTokenSource(RawClient.DefaultTimeout);
        Assert.Equal(0, await ReadOrReset(silent.GetStream(), new byte[16], timeout.Token)); // closed by the server, well before the test's timeout
    }

    [Fact]
    public async Task A_client_that_trusts_another_CA_refuses_the_server()
    {
        using var other = new TestCertificates();
        await Assert.ThrowsAsync<AuthenticationException>(() => RawClient.ConnectTlsAsync(_server.TlsEndPoint!, other.CaFile));
        // and one that checks the name refuses a certificate for another name
        await Assert.ThrowsAsync<AuthenticationException>(() => RawClient.ConnectTlsAsync(_server.TlsEndPoint!, _certificates.CaFile, serverName: "chat.example.org"));
        await using var tls = await LoggedIn(Tls(), "trusting"); // the server is none the worse
    }

    [Fact]
    public async Task A_page_from_another_origin_is_refused_the_server_s_own_and_allowed_origins_and_non_browsers_are_let_in()
    {
        foreach (var origin in new[] { "https://evil.example", "null", $"https://localhost:{_server.HttpEndPoint!.Port + 1}", $"http://localhost:{_server.HttpEndPoint!.Port}" })
        {
            var refused = await Assert.ThrowsAsync<WebSocketException>(() => WebSocket(origin));
            Assert.Contains("403", refused.Message);
        }
        foreach (var (origin, name) in new[] { ($"https://localhost:{_server.HttpEndPoint!.Port}", "own"), ("https://chat.example.org", "allowed"), ((string?)null, "tool") })
        {
            await using var client = await LoggedIn(WebSocket(origin), name);
        }
    }

    [Fact]
    public async Task WebSocket_messages_are_frames_binary_and_oversized_ones_get_errors_and_the_connection_stays()
    {
        await using var web = await LoggedIn(WebSocket(), "web");
        await web.SendMessageAsync("{\"type\":\"ping\",\"id\":1}"u8.ToArray(), binary: true);
        Assert.Equal(ErrorCodes.BadJson, (await web.ExpectAsync<ErrorEvent>()).Code);
        await web.SendMessageAsync(Encoding.UTF8.GetBytes("{\"type\":\"say\",\"text\":\"" + new string('x', 2000) + "\"}"));
        Assert.Equal(ErrorCodes.FrameTooLarge, (await web.ExpectAsync<ErrorEvent>()).Code);
        await web.SendMessageAsync("{\"type\":\"ping\",\"id\":2}\r\n"u8.ToArray()); // a trailing CR LF is allowed
        Assert.Equal(RequestRef.Of(2), (await web.ExpectAsync<PongEvent>()).Ref);
        await web.SendMessageAsync("{\n  \"type\": \"ping\",\n  \"id\": 3\n}"u8.ToArray()); // one message is one frame, LFs and all
        Assert.Equal(RequestRef.Of(3), (await web.ExpectAsync<PongEvent>()).Ref);
        await web.SendMessageAsync("   "u8.ToArray()); // blank: ignored
        await web.SendAsync(new PingRequest { Id = 4 });
        Assert.Equal(RequestRef.Of(4), (await web.ExpectAsync<PongEvent>()).Ref);
    }

    [Fact]
    public async Task A_text_message_that_is_not_UTF8_ends_that_WebSocket_and_nobody_else_notices()
    {
        await using var witness = await RawClient.LoginAsync(_server.EndPoint, "witness");
        await using var web = await LoggedIn(WebSocket(), "web");
        await witness.WaitForAsync<JoinedEvent>(j => j.Name == "web");
        await web.SendMessageAsync([0x7B, 0xFF, 0xFE, 0x7D]); // RFC 6455 §8.1: the endpoint fails the connection
        await web.ExpectClosedAsync();
        Assert.Equal(new LeftEvent("lobby", "web", 1, LeftReasons.Disconnected), await witness.ExpectAsync<LeftEvent>());
    }

    [Fact]
    public async Task The_per_address_limit_counts_every_transport_together()
    {
        await using var a = await RawClient.LoginAsync(_server.EndPoint, "a");
        await using var b = await LoggedIn(Tls(), "b");
        await using var c = await LoggedIn(WebSocket(), "c");
        await using var d = await LoggedIn(Tls(), "d"); // four: the limit
        foreach (var connecting in new Func<Task<RawClient>>[] { () => RawClient.ConnectAsync(_server.EndPoint), Tls, () => WebSocket() })
        {
            await using var extra = await connecting();
            Assert.Equal(ErrorCodes.ServerFull, (await extra.ExpectAsync<ErrorEvent>()).Code);
            Assert.Equal(new ByeEvent(ByeReasons.ServerFull), await extra.ExpectAsync<ByeEvent>());
            await extra.ExpectClosedAsync();
        }
    }

    [Fact]
    public async Task Stopping_the_server_says_bye_shutdown_over_every_transport()
    {
        var tcp = await RawClient.LoginAsync(_server.EndPoint, "tcp");
        var tls = await LoggedIn(Tls(), "tls");
        var web = await LoggedIn(WebSocket(), "web");
        await _server.StopAsync();
        foreach (var client in new[] { tcp, tls, web })
        {
            Assert.Equal(new ByeEvent(ByeReasons.Shutdown), await client.WaitForAsync<ByeEvent>());
            // The rooms' last frames (the others leaving) may still follow the bye; then the end.
            while (await client.NextOrClosedAsync() is { } late) Assert.IsType<LeftEvent>(late);
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_HTTP_port_answers_health_serves_files_with_a_strict_policy_and_refuses_plain_requests_to_ws()
    {
        using var http = Https();
        var health = await http.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("{\"status\":\"alive\"}", await health.Content.ReadAsStringAsync());
        Assert.Equal("ready\n", await (await http.GetAsync("readyz")).Content.ReadAsStringAsync());

        var file = await http.GetAsync("robots.txt");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Contains("default-src 'self'", file.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(file.Headers.Contains("Server"));

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("ws")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("no-such-file")).StatusCode);
    }

    /// <summary>Bytes read, 0 when the server closed; a reset counts as closed.</summary>
    private static async Task<int> ReadOrReset(NetworkStream stream, byte[] buffer, CancellationToken cancellation)
    {
        try
        {
            return await stream.ReadAsync(buffer, cancellation);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
