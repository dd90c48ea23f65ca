using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Network;
using Akka.Actor;

namespace ActorChat.Tests.Support;

/// <summary>An in-process server on a free loopback port, stopped at the end of the test.</summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    private readonly TempStorage _storage = new();

    protected ChatServer Server { get; private set; } = null!;

    /// <summary>
    /// Limits for this test class; port 0 always. The rate limit is lifted (tests send fast),
    /// except where a test is about it.
    /// </summary>
    protected virtual ServerLimits Limits => new() { Port = 0, IdleShutdown = TimeSpan.Zero, ShutdownGrace = TimeSpan.FromSeconds(2), RatePerSecond = 0 };

    public async Task InitializeAsync() => Server = await ChatServer.StartAsync(Limits with { Port = 0 }, _storage.Settings);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _storage.Dispose();
    }

    protected Task<RawClient> Connect() => RawClient.ConnectAsync(Server.EndPoint);

    protected Task<RawClient> Login(string name) => RawClient.LoginAsync(Server.EndPoint, name);

    /// <summary>Waits until the listener has started a session for every accepted connection.</summary>
    protected async Task WaitForSessions(int count)
    {
        var deadline = DateTime.UtcNow + RawClient.DefaultTimeout;
        while (await Server.Listener.Ask<int>(GetSessionCount.Instance, RawClient.DefaultTimeout) != count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the server never had {count} sessions");
            await Task.Delay(20);
        }
    }
}
