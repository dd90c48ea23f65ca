using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Network;
using ActorChat.Server.Transport;
using Akka.Actor;

namespace ActorChat.Tests.Support;

/// <summary>What a test client connects over.</summary>
public enum ClientTransport { Tcp, Tls, WebSocket }

/// <summary>An in-process server on a free loopback port, stopped at the end of the test.</summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    private readonly TempStorage _storage = new();

    protected ChatServer Server { get; private set; } = null!;

    /// <summary>What <see cref="Connect"/> and <see cref="Login"/> connect over: a class runs its tests over another transport by overriding it.</summary>
    protected virtual ClientTransport Transport => ClientTransport.Tcp;

    /// <summary>The CA and server certificate of a TLS server (<see cref="ClientTransport.Tls"/>); null otherwise.</summary>
    protected TestCertificates? Certificates { get; private set; }

    /// <summary>
    /// Limits for this test class; port 0 always. The rate limit is lifted (tests send fast),
    /// except where a test is about it.
    /// </summary>
    protected virtual ServerLimits Limits => new() { Port = 0, IdleShutdown = TimeSpan.Zero, ShutdownGrace = TimeSpan.FromSeconds(2), RatePerSecond = 0 };

    public async Task InitializeAsync()
    {
        TransportSettings? transports = null;
        if (Transport == ClientTransport.Tls)
        {
            Certificates = new TestCertificates();
            transports = new TransportSettings { TlsPort = 0, CertificateFile = Certificates.Server.CertificateFile, KeyFile = Certificates.Server.KeyFile };
        }
        if (Transport == ClientTransport.WebSocket) transports = new TransportSettings { HttpPort = 0 };
        Server = await ChatServer.StartAsync(Limits with { Port = 0 }, _storage.Settings, transports: transports);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _storage.Dispose();
        Certificates?.Dispose();
    }

    /// <param name="receiveBufferBytes">A small value makes a client that stops reading fill up sooner.</param>
    protected Task<RawClient> Connect(int? receiveBufferBytes = null) => Transport switch
    {
        ClientTransport.Tls => RawClient.ConnectTlsAsync(Server.TlsEndPoint!, Certificates!.CaFile, receiveBufferBytes: receiveBufferBytes),
        ClientTransport.WebSocket => RawClient.ConnectWebSocketAsync(new Uri($"ws://{Server.HttpEndPoint}/ws"), receiveBufferBytes: receiveBufferBytes),
        _ => RawClient.ConnectAsync(Server.EndPoint, receiveBufferBytes),
    };

    protected async Task<RawClient> Login(string name, int? receiveBufferBytes = null)
    {
        var client = await Connect(receiveBufferBytes);
        await client.LoginAsync(name);
        return client;
    }

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
