using ActorChat.Client.Network.Tls;
using ActorChat.Client.Session;
using ActorChat.Tests.Support;
using Akka.Actor;

namespace ActorChat.Tests.Client;

/// <summary>A whole session over TLS: what a refused certificate does at start and at a reconnect.</summary>
public sealed class TlsSessionTests : Akka.TestKit.Xunit2.TestKit, IClassFixture<TestCertificates>
{
    private static readonly TimeSpan Wait = TlsLineServer.Patience;

    private readonly TestCertificates _certificates;
    private readonly StringWriter _printed = new();
    private readonly TextWriter _output;
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 25, 10, 3, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    public TlsSessionTests(TestCertificates certificates) : base("akka.loglevel = WARNING")
    {
        _certificates = certificates;
        _output = TextWriter.Synchronized(_printed);
    }

    private ClientTls TrustingTheCa => TlsConnectionTests.Trusting(_certificates.CaFile);

    private string[] PrintedLines() { lock (_output) return _printed.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries); }

    private IActorRef StartSession(SessionSettings settings) => Sys.ActorOf(ChatSession.Props(settings, _output, _clock, _exitCode));

    private static async Task WelcomeAsync(TlsLineServer server) =>
        await server.WriteAsync(
            """{"type":"welcome","name":"alice","protocol":1,"server":"Fake 1.0"}""" + "\n" +
            """{"type":"joined","room":"lobby","name":"alice","members":1}""" + "\n");

    [Fact]
    public async Task At_start_a_refused_certificate_moves_on_to_the_next_server()
    {
        await using var misnamed = TlsLineServer.Start(_certificates.Issue("misnamed", "other.example"));
        await using var good = TlsLineServer.Start(_certificates.Server);
        StartSession(new SessionSettings(misnamed.EndPoint, "alice") { OtherServers = [good.EndPoint], Tls = TrustingTheCa });

        await misnamed.AcceptAsync();
        Assert.True(await good.AcceptAsync());
        Assert.Equal("""{"type":"login","name":"alice"}""", await good.ReadLineAsync());
        Assert.Equal(0, await misnamed.ReadToEndAsync());
        Assert.Contains(
            "! cannot connect: the server's certificate is for other.example, not for 127.0.0.1; connect with a name it is for, "
            + "or give the server a certificate for 127.0.0.1; trying the next server",
            PrintedLines());
    }

    [Fact]
    public async Task A_certificate_refused_at_a_reconnect_by_every_server_ends_the_session_instead_of_retrying_forever()
    {
        await using var server = TlsLineServer.Start(_certificates.Server);
        var settings = new SessionSettings(server.EndPoint, "alice")
        {
            Reconnect = true,
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            Tls = TrustingTheCa,
        };
        StartSession(settings);
        Assert.True(await server.AcceptAsync());
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        await WelcomeAsync(server);
        AwaitAssert(() => Assert.Contains(PrintedLines(), line => line.StartsWith("* welcome, alice")), Wait);

        // The server comes back with a certificate this client does not accept.
        server.UseCertificate(_certificates.SelfSigned("replaced"));
        await server.CloseConnectionAsync();
        await server.AcceptAsync();
        Assert.Equal(0, await server.ReadToEndAsync()); // not even the re-login

        Assert.Equal(ExitCodes.ConnectFailed, await _exitCode.Task.WaitAsync(Wait));
        var lines = PrintedLines();
        Assert.Contains(lines, line => line.StartsWith("! the server closed the connection; reconnecting in "));
        Assert.Equal(
            $"! cannot connect to {server.EndPoint}: the server's certificate is not signed by the CA in {_certificates.CaFile} (its issuer: CN=localhost); "
            + "give the certificate of the CA that signed it with --tls-ca FILE",
            lines[^1]);
    }
}
