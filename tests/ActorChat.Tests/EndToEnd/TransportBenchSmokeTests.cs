using System.Net;
using ActorChat.Bench;
using ActorChat.Bench.TlsChoice;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Transport;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// The broadcast benchmark over the server's other transports (<c>--transport tls|ws|wss</c>)
/// against a real in-process server, counting every delivery once, as over TCP.
/// </summary>
public sealed class TransportBenchSmokeTests
{
    private static ServerLimits Limits => new() { Port = 0, IdleShutdown = TimeSpan.Zero, ShutdownGrace = TimeSpan.FromSeconds(2), RatePerSecond = 0, MaxPerAddress = 1000 };

    [Theory]
    [InlineData(BenchTransport.Tls)]
    [InlineData(BenchTransport.Ws)]
    [InlineData(BenchTransport.Wss)]
    public async Task Fanout_over_the_transport_delivers_every_message_to_every_member_once(BenchTransport transport)
    {
        using var storage = new TempStorage();
        using var certificates = new TestCertificates();
        var secure = transport != BenchTransport.Ws; // the HTTP port serves wss with a certificate, ws without
        await using var server = await ChatServer.StartAsync(Limits, storage.Settings, transports: new TransportSettings
        {
            TlsPort = secure ? 0 : null,
            HttpPort = 0,
            CertificateFile = secure ? certificates.Server.CertificateFile : null,
            KeyFile = secure ? certificates.Server.KeyFile : null,
        });
        var port = transport == BenchTransport.Tls ? server.TlsEndPoint! : server.HttpEndPoint!;

        var result = await new BroadcastBenchmark(port, clients: 20, roomSize: int.MaxValue, senders: 4,
            rate: 200, seconds: 1, textLength: 60, sourceAddresses: 1, warmupSeconds: 0.5, transport: transport).RunAsync();

        BroadcastAssert.EveryMessageReachedEveryMemberOnce(result, membersPerMessage: 20);
    }

    [Fact]
    public async Task The_rooms_scenario_counts_right_over_tls_too()
    {
        using var storage = new TempStorage();
        using var certificates = new TestCertificates();
        await using var server = await ChatServer.StartAsync(Limits, storage.Settings, transports: new TransportSettings
        {
            TlsPort = 0, CertificateFile = certificates.Server.CertificateFile, KeyFile = certificates.Server.KeyFile,
        });
        var result = await new BroadcastBenchmark(server.TlsEndPoint!, clients: 25, roomSize: 10, senders: 3,
            rate: 150, seconds: 1, textLength: 60, sourceAddresses: 1, transport: BenchTransport.Tls).RunAsync();
        BroadcastAssert.EveryMessageReachedEveryMemberOnce(result, membersPerMessage: null); // rooms of 10, 10 and 5
    }
}

/// <summary><c>tls-choice</c>'s two echo servers (run here in this process) serve TLS 1.3 to its client with the same certificate.</summary>
public sealed class TlsChoiceEchoServerTests
{
    [Theory]
    [InlineData(EchoServerProcess.Kestrel)]
    [InlineData(EchoServerProcess.SslStream)]
    public async Task The_echo_server_answers_each_line_with_itself_over_tls_1_3(string variant)
    {
        using var certificate = EchoCertificate.Create();
        await using IEchoServer server = variant == EchoServerProcess.Kestrel
            ? await KestrelEchoServer.StartAsync(certificate)
            : SslStreamEchoServer.Start(certificate);
        var line = TlsChoiceBenchmark.Line(200);
        Assert.Equal(200, line.Length);

        await using var client = await TlsEchoClient.ConnectAsync(server.Port, TlsEchoClient.Options(certificate));
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, client.Protocol);
        for (var i = 0; i < 50; i++) await client.EchoAsync(line);
    }

    [Fact]
    public async Task The_client_trusts_only_the_test_certificate()
    {
        using var served = EchoCertificate.Create();
        using var other = EchoCertificate.Create();
        await using var server = SslStreamEchoServer.Start(served);
        await Assert.ThrowsAsync<System.Security.Authentication.AuthenticationException>(() =>
            TlsEchoClient.ConnectAsync(server.Port, TlsEchoClient.Options(other)));
    }
}
