using System.Net;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Browser;

/// <summary>
/// The browser tests run one at a time, after the others: each drives one or more real
/// Chromium processes, which on a 2-core machine would starve (and be starved by) the tests
/// running beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}

/// <summary>
/// A real chat server (in-process, on a fixed loopback port and its own SQLite store, so it can
/// be restarted) and the browser client's page in front of it at <see cref="BaseUrl"/>, for
/// real browsers (<see cref="BrowserClient"/>) and console-protocol users (<see cref="RawClient"/>).
/// </summary>
/// <remarks>
/// The page and its <c>/ws</c> come from the server's own HTTP port (<c>--http-port</c>, on a fixed
/// port so that a restarted server is found again); a <see cref="TcpProxy"/> in front of it lets a
/// test hold the browsers off (<see cref="TcpProxy.Cut"/>). The tests know only <see cref="BaseUrl"/>.
/// </remarks>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTestBase : IAsyncLifetime
{
    private readonly TempStorage _storage = new();
    private readonly List<BrowserClient> _browsers = [];
    private readonly List<RawClient> _rawClients = [];
    protected int ChatPort { get; } = Ports.Free();

    protected int HttpPort { get; } = Ports.Free();

    protected ChatServer? Server { get; private set; }

    /// <summary>Between the browsers and whatever serves the page and /ws.</summary>
    protected TcpProxy Proxy { get; private set; } = null!;

    /// <summary>Where the browser client is: <c>/</c> serves it, <c>/ws</c> speaks the protocol.</summary>
    protected Uri BaseUrl => new($"http://127.0.0.1:{Proxy.Port}/");

    protected IPEndPoint ChatEndPoint => new(IPAddress.Loopback, ChatPort);

    /// <summary>The message of the day the server sends in welcome.</summary>
    protected virtual string? Motd => "Welcome to ActorChat. Be kind; type /help for commands.";

    protected virtual ServerLimits Limits => new()
    {
        Port = ChatPort,
        IdleShutdown = TimeSpan.Zero,
        ShutdownGrace = TimeSpan.FromSeconds(1),
        RatePerSecond = 0,
        Motd = Motd,
    };

    public async Task InitializeAsync()
    {
        await StartServerAsync();
        Proxy = new TcpProxy(new IPEndPoint(IPAddress.Loopback, HttpPort));
    }

    public async Task DisposeAsync()
    {
        foreach (var browser in _browsers)
        {
            try { browser.Dispose(); } catch (Exception) { /* a browser that died already */ }
        }
        foreach (var client in _rawClients) await client.DisposeAsync();
        await Proxy.DisposeAsync();
        await StopServerAsync();
        _storage.Dispose();
    }

    protected async Task StartServerAsync() =>
        Server = await ChatServer.StartAsync(Limits, _storage.Settings, transports: new ActorChat.Server.Transport.TransportSettings { HttpPort = HttpPort });

    protected async Task StopServerAsync()
    {
        if (Server is null) return;
        await Server.DisposeAsync();
        Server = null;
    }

    /// <summary>A browser on the page, closed at the end of the test.</summary>
    protected BrowserClient OpenBrowser(int width = 1280, int height = 800)
    {
        var browser = BrowserClient.Open(BaseUrl, width, height);
        _browsers.Add(browser);
        return browser;
    }

    /// <summary>A console-protocol user over TCP, logged in (in the lobby), closed at the end of the test.</summary>
    protected async Task<RawClient> LoginRaw(string name)
    {
        var client = await RawClient.LoginAsync(ChatEndPoint, name);
        _rawClients.Add(client);
        return client;
    }

    /// <summary>A console-protocol client the test connected itself, closed at the end of the test.</summary>
    protected RawClient Track(RawClient client)
    {
        _rawClients.Add(client);
        return client;
    }

    /// <summary>Fails when a page logged an error: a script error, a Content-Security-Policy violation, a failed load.</summary>
    protected static void AssertNoPageErrors(BrowserClient browser, params string[] allowed)
    {
        var errors = browser.PageErrors().Where(e => !allowed.Any(a => e.Contains(a, StringComparison.Ordinal))).ToList();
        Assert.True(errors.Count == 0, $"{browser.Name}'s page logged:\n{string.Join("\n", errors)}");
    }

    /// <summary>Pages back through a room's whole stored history; oldest first.</summary>
    protected static async Task<List<ActorChat.Messages.Events.ChatMessage>> WholeHistory(RawClient client, string room)
    {
        var all = new List<ActorChat.Messages.Events.ChatMessage>();
        long? before = null;
        var page = 0;
        while (true)
        {
            var id = "page-" + ++page;
            await client.SendAsync(new ActorChat.Messages.Commands.HistoryRequest(room, before, 200) { Id = id });
            var history = await client.WaitForAsync<ActorChat.Messages.Events.HistoryEvent>(h => h.Ref == ActorChat.Messages.RequestRef.Of(id));
            if (history.Messages.Count == 0) return all;
            all.InsertRange(0, history.Messages);
            before = history.Messages[0].Id;
        }
    }
}
