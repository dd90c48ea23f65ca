using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Transport;
using ActorChat.Tests.Support;
using Xunit;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// A reload that raises <c>--max-clients</c> holds on every transport at once: WebSocket clients
/// (served by Kestrel) are admitted up to the new limit as TCP clients are, with no restart, even
/// far above the limit the server started with.
/// </summary>
public sealed class ReloadedClientLimitTests : IAsyncLifetime
{
    private const int StartedWith = 1;
    private const int RaisedTo = StartedWith + ServerLimits.ReservedFileDescriptors + 20;

    private readonly TempStorage _storage = new();
    private ChatServer _server = null!;

    private static ServerLimits Limits(int maxClients) => new()
    {
        Port = 0, IdleShutdown = TimeSpan.Zero, ShutdownGrace = TimeSpan.FromSeconds(2), RatePerSecond = 0,
        MaxClients = maxClients, MaxPerAddress = RaisedTo + 10,
    };

    public async Task InitializeAsync() =>
        _server = await ChatServer.StartAsync(Limits(StartedWith), _storage.Settings, transports: new TransportSettings { HttpPort = 0 });

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _storage.Dispose();
    }

    [Fact]
    public async Task WebSocket_clients_are_admitted_up_to_a_max_clients_raised_by_a_reload()
    {
        var uri = new Uri($"ws://127.0.0.1:{_server.HttpEndPoint!.Port}/ws");
        await using (var first = await RawClient.ConnectWebSocketAsync(uri))
        {
            await first.LoginAsync("first");
            await using var refused = await RawClient.ConnectWebSocketAsync(uri);
            Assert.Equal("server_full", (await refused.WaitForAsync<ActorChat.Messages.Events.ByeEvent>()).Reason);
        }

        _server.Reload(Limits(RaisedTo), new TransportSettings { HttpPort = 0 });

        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < RaisedTo; i++)
            {
                var client = await RawClient.ConnectWebSocketAsync(uri);
                clients.Add(client);
                await client.LoginAsync($"user{i}");
            }
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }
}
