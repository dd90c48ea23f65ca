using System.Net;
using System.Net.Http;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Storage;
using ActorChat.Server.Transport;
using ActorChat.Tests.Support;
using Npgsql;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// PostgreSQL goes away for 15 s under traffic (a real proxy between the server and the
/// database cuts every connection and refuses new ones) and comes back: meanwhile posts are
/// answered <c>unavailable</c>, never acknowledged; afterwards the same server, not restarted,
/// stores and acknowledges again, and every acknowledged message is in the history once, in order.
/// Meanwhile <c>/readyz</c> says the store is unreachable, and ready again after.
/// </summary>
public sealed class StoreOutageEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);
    private readonly TempStorage? _database;
    private readonly string? _skipReason;
    private TcpProxy? _proxy;
    private ChatServer? _server;

    public StoreOutageEndToEndTests() => _database = TempStorage.Postgres(out _skipReason);

    public async Task InitializeAsync()
    {
        if (_database is null) return;
        var direct = new NpgsqlConnectionStringBuilder(_database.Settings.PostgresConnectionString);
        var address = (await Dns.GetHostAddressesAsync(direct.Host!)).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        _proxy = new TcpProxy(new IPEndPoint(address, direct.Port));
        var proxied = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = _proxy.Port, Timeout = 5 };
        var storage = _database.Settings with { PostgresConnectionString = proxied.ConnectionString };
        _server = await ChatServer.StartAsync(
            new ServerLimits
            {
                Port = 0,
                IdleShutdown = TimeSpan.Zero,
                RatePerSecond = 0,
                LoginRefusalDelay = TimeSpan.FromMilliseconds(50),
                PasswordHashCost = StoreTestKit.CheapHashCost,
            },
            storage,
            transports: new TransportSettings { HttpPort = 0 });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_proxy is not null) await _proxy.DisposeAsync();
        _database?.Dispose();
    }

    /// <summary>Posts one message and waits for its answer: the stored copy, or the error.</summary>
    private static async Task<ServerEvent> PostAsync(RawClient client, int n)
    {
        await client.SendAsync(new SayRequest("m" + n) { Id = n });
        while (true)
        {
            var answer = await client.NextAsync(TimeSpan.FromSeconds(30));
            if (answer is ChatMessage m && m.Ref == RequestRef.Of(n)) return m;
            if (answer is ErrorEvent e && e.Ref == RequestRef.Of(n)) return e;
        }
    }

    [SkippableFact]
    public async Task Posts_during_a_store_outage_are_refused_and_the_server_recovers_by_itself_without_losing_an_acknowledged_message()
    {
        Skip.If(_skipReason is not null, _skipReason);
        await using var alice = await RawClient.LoginAsync(_server!.EndPoint, "alice");
        var acknowledged = new List<ChatMessage>();
        var n = 0;

        for (var i = 0; i < 20; i++) acknowledged.Add(Assert.IsType<ChatMessage>(await PostAsync(alice, ++n)));

        _proxy!.Cut();
        var refused = 0;
        var outageEnds = DateTime.UtcNow + Outage;
        while (DateTime.UtcNow < outageEnds)
        {
            var answer = await PostAsync(alice, ++n);
            var error = Assert.IsType<ErrorEvent>(answer); // never an acknowledgement while the store is away
            Assert.Equal(ErrorCodes.Unavailable, error.Code);
            refused++;
        }
        Assert.True(refused >= 3, $"only {refused} posts were answered during the outage");

        _proxy.Restore();
        var recoveredBy = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        ChatMessage? first = null;
        while (first is null)
        {
            Assert.True(DateTime.UtcNow < recoveredBy, "the server did not store again within 30 s of the store's return");
            if (await PostAsync(alice, ++n) is ChatMessage stored) first = stored;
        }
        acknowledged.Add(first);
        for (var i = 0; i < 20; i++) acknowledged.Add(Assert.IsType<ChatMessage>(await PostAsync(alice, ++n)));

        await alice.SendAsync(new HistoryRequest(ProtocolInfo.Lobby, Limit: 500) { Id = "h" });
        var history = await alice.WaitForAsync<HistoryEvent>(h => h.Ref == RequestRef.Of("h"));
        var kept = history.Messages.Select(m => (m.Id, m.Text)).ToList();
        foreach (var message in acknowledged)
            Assert.True(kept.Count(k => k == (message.Id, message.Text)) == 1,
                $"acknowledged {message.Id} {message.Text} kept {kept.Count(k => k == (message.Id, message.Text))} times; kept {kept.Count}: {string.Join(" ", kept.Select(k => k.Id))}");
        Assert.Equal(kept.OrderBy(k => k.Id), kept); // one order
    }

    /// <summary>A login with a password on a fresh connection: the welcome, or the error it was answered.</summary>
    private async Task<ServerEvent> TryLoginAsync(string name, string password)
    {
        await using var client = await RawClient.ConnectAsync(_server!.EndPoint);
        await client.SendAsync(new LoginRequest(name, new Password(password)) { Id = "l" });
        return await client.NextAsync(TimeSpan.FromSeconds(30));
    }

    [SkippableFact]
    public async Task Logins_during_a_store_outage_are_unavailable_not_refused_and_count_no_failure()
    {
        Skip.If(_skipReason is not null, _skipReason);
        const string password = "bob-Passw0rd-outage";
        await using (await RawClient.AccountAsync(_server!.EndPoint, "bob", password)) { }

        _proxy!.Cut();
        // More attempts than the failures a name may have (5): none is a failure, none locks bob out.
        for (var i = 0; i < 7; i++)
        {
            var answer = Assert.IsType<ErrorEvent>(await TryLoginAsync("bob", i % 2 == 0 ? password : "a-wrong-password"));
            Assert.Equal(ErrorCodes.Unavailable, answer.Code);
            Assert.DoesNotContain(password, answer.Message);
        }
        // A guest name cannot be checked against the accounts either: unavailable, not granted.
        await using (var guest = await RawClient.ConnectAsync(_server.EndPoint))
        {
            await guest.SendAsync(new LoginRequest("carol") { Id = "g" });
            Assert.Equal(ErrorCodes.Unavailable, Assert.IsType<ErrorEvent>(await guest.NextAsync(TimeSpan.FromSeconds(30))).Code);
        }

        _proxy.Restore();
        var recoveredBy = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var answer = await TryLoginAsync("bob", password);
            if (answer is WelcomeEvent welcome)
            {
                Assert.True(welcome.Account);
                break;
            }
            Assert.Equal(ErrorCodes.Unavailable, Assert.IsType<ErrorEvent>(answer).Code);
            Assert.True(DateTime.UtcNow < recoveredBy, "bob could not log in within 30 s of the store's return");
        }
    }

    [SkippableFact]
    public async Task Readyz_says_the_store_is_unreachable_while_PostgreSQL_is_cut_and_ready_once_it_is_back()
    {
        Skip.If(_skipReason is not null, _skipReason);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{_server!.HttpEndPoint}/"), Timeout = RawClient.DefaultTimeout };
        async Task<(HttpStatusCode Status, string Text)> ReadyzAsync()
        {
            using var answer = await http.GetAsync("readyz");
            return (answer.StatusCode, await answer.Content.ReadAsStringAsync());
        }
        Assert.Equal((HttpStatusCode.OK, "ready\n"), await ReadyzAsync());

        _proxy!.Cut();
        await Eventually.TrueAsync(async () => await ReadyzAsync() == (HttpStatusCode.ServiceUnavailable, "store unreachable\n"),
            "/readyz 503 store unreachable while the store is cut", TimeSpan.FromSeconds(20));
        // Not ready for as long as the store is away: every answer until the restore (a few cache periods) says so.
        var until = DateTime.UtcNow + StoreProbe.CacheFor * 3;
        while (DateTime.UtcNow < until) Assert.Equal((HttpStatusCode.ServiceUnavailable, "store unreachable\n"), await ReadyzAsync());

        _proxy.Restore();
        await Eventually.TrueAsync(async () => await ReadyzAsync() == (HttpStatusCode.OK, "ready\n"),
            "/readyz ready again once the store is back", TimeSpan.FromSeconds(30));
    }
}
