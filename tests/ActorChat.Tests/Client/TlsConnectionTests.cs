using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorChat.Client.Network;
using ActorChat.Client.Network.Tls;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Client;

/// <summary>
/// ChatConnection over TLS against a real TLS server on a loopback socket: what is sent and
/// read, and which certificates are refused, before a single byte of the chat is written.
/// </summary>
public sealed class TlsConnectionTests : Akka.TestKit.Xunit2.TestKit, IClassFixture<TestCertificates>
{
    private static readonly TimeSpan Wait = TlsLineServer.Patience;

    private const string LoginLine = """{"type":"login","name":"alice"}""";
    private const string WelcomeFrame = """{"type":"welcome","name":"alice","protocol":1,"server":"Fake 1.0"}""";
    private const string JoinedFrame = """{"type":"joined","room":"lobby","name":"alice","members":1}""";

    private readonly TestCertificates _certificates;

    public TlsConnectionTests(TestCertificates certificates) : base("akka.loglevel = WARNING") => _certificates = certificates;

    /// <summary>As <c>--tls-ca FILE</c> sets it up.</summary>
    internal static ClientTls Trusting(string caFile) =>
        ClientTls.TryFromOptions(tls: false, caFile, insecure: false, out var tls, out var error) ? tls : throw new InvalidOperationException(error);

    /// <summary>A connection with <c>login</c> told at once, before the TLS handshake is done.</summary>
    private (TestProbe Sink, IActorRef Connection) Connect(EndPoint server, ClientTls tls, TimeSpan? pingInterval = null, TimeSpan? connectTimeout = null)
    {
        var sink = CreateTestProbe();
        var connection = Sys.ActorOf(ChatConnection.Props(server, sink.Ref, pingInterval, connectTimeout, tls: tls));
        connection.Tell(new LoginRequest("alice"));
        return (sink, connection);
    }

    /// <summary>The connection ended refusing the certificate, and the server got not one byte of the chat.</summary>
    private async Task<string> AssertRefusedAsync(TlsLineServer server, TestProbe sink, IActorRef connection)
    {
        Watch(connection);
        var linesBefore = server.Lines.Count;
        await server.AcceptAsync(); // the client's refusal ends the handshake (or the connection right after it)
        var ended = sink.ExpectMsg<ConnectionEnded>(Wait);
        Assert.Equal(ConnectionEndKind.CertificateRejected, ended.Kind);
        Assert.Equal(0, await server.ReadToEndAsync());
        Assert.Equal(linesBefore, server.Lines.Count);
        ExpectTerminated(connection, Wait);
        return ended.Detail;
    }

    [Fact]
    public async Task With_the_ca_file_requests_go_as_lines_and_frames_come_back_as_events()
    {
        await using var server = TlsLineServer.Start(_certificates.Server);
        var (sink, connection) = Connect(server.EndPoint, Trusting(_certificates.CaFile));

        Assert.True(await server.AcceptAsync());
        Assert.True(server.Protocol is SslProtocols.Tls12 or SslProtocols.Tls13);
        sink.ExpectMsg<ConnectionEstablished>(Wait);
        Assert.Equal(LoginLine, await server.ReadLineAsync());

        connection.Tell(new SayRequest("hi\nthere", "dev") { Id = RequestRef.Of("m1") });
        connection.Tell(new DmRequest("bob", "psst"));
        Assert.Equal("""{"type":"say","text":"hi\nthere","room":"dev","id":"m1"}""", await server.ReadLineAsync());
        Assert.Equal("""{"type":"dm","to":"bob","text":"psst"}""", await server.ReadLineAsync());

        // Two frames in one write, then one frame in two writes (two TLS records).
        await server.WriteAsync(WelcomeFrame + "\n" + JoinedFrame + "\n");
        Assert.Equal(new WelcomeEvent("alice", 1, "Fake 1.0"), sink.ExpectMsg<WelcomeEvent>(Wait));
        Assert.Equal(new JoinedEvent("lobby", "alice", 1), sink.ExpectMsg<JoinedEvent>(Wait));
        await server.WriteAsync("""{"type":"po""");
        await server.WriteAsync("ng\"}\nnot json\n");
        sink.ExpectMsg<PongEvent>(Wait);
        sink.ExpectMsg<UnreadableFrame>(Wait);
    }

    [Fact]
    public async Task Requests_told_all_at_once_go_out_whole_and_in_order()
    {
        await using var server = TlsLineServer.Start(_certificates.Server);
        var (sink, connection) = Connect(server.EndPoint, Trusting(_certificates.CaFile));
        Assert.True(await server.AcceptAsync());
        Assert.Equal(LoginLine, await server.ReadLineAsync());

        // Far more than one write can be under way for: they queue, and none is cut or reordered.
        for (var i = 0; i < 500; i++) connection.Tell(new SayRequest($"line {i}", "lobby"));
        for (var i = 0; i < 500; i++)
            Assert.Equal($$"""{"type":"say","text":"line {{i}}","room":"lobby"}""", await server.ReadLineAsync());
    }

    [Fact]
    public async Task A_self_signed_certificate_is_refused_before_anything_is_written()
    {
        await using var server = TlsLineServer.Start(_certificates.SelfSigned("self-signed"));
        var (sink, connection) = Connect(server.EndPoint, ClientTls.SystemTrust);

        var detail = await AssertRefusedAsync(server, sink, connection);
        Assert.StartsWith("the server's certificate is not signed by an authority this computer trusts (its issuer: CN=localhost)", detail);
        Assert.EndsWith("if the server uses a private CA, give the CA's certificate with --tls-ca FILE", detail);
    }

    [Fact]
    public async Task A_certificate_from_a_private_ca_is_refused_without_the_ca_file()
    {
        await using var server = TlsLineServer.Start(_certificates.Server);
        var (sink, connection) = Connect(server.EndPoint, ClientTls.SystemTrust);

        Assert.Contains("(its issuer: CN=ActorChat Test CA)", await AssertRefusedAsync(server, sink, connection));
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_even_when_its_ca_is_trusted()
    {
        await using var server = TlsLineServer.Start(_certificates.Issue("other", "other.example"));
        var (sink, connection) = Connect(server.EndPoint, Trusting(_certificates.CaFile));

        Assert.Equal(
            "the server's certificate is for other.example, not for 127.0.0.1; connect with a name it is for, or give the server a certificate for 127.0.0.1",
            await AssertRefusedAsync(server, sink, connection));
    }

    [Fact]
    public async Task The_name_checked_is_the_host_given_not_the_address_it_resolved_to()
    {
        await using var server = TlsLineServer.Start(_certificates.Server); // for localhost and 127.0.0.1
        var (sink, _) = Connect(new NamedEndPoint("localhost", IPAddress.Loopback, server.EndPoint.Port), Trusting(_certificates.CaFile));
        Assert.True(await server.AcceptAsync());
        sink.ExpectMsg<ConnectionEstablished>(Wait);
        Assert.Equal(LoginLine, await server.ReadLineAsync());

        var (refusedSink, refused) = Connect(new NamedEndPoint("chat.example", IPAddress.Loopback, server.EndPoint.Port), Trusting(_certificates.CaFile));
        Assert.Contains("is for localhost, 127.0.0.1, not for chat.example;", await AssertRefusedAsync(server, refusedSink, refused));
    }

    [Fact]
    public async Task The_ca_file_vouches_only_for_what_it_signed()
    {
        await using var server = TlsLineServer.Start(_certificates.SelfSigned("stranger"));
        var (sink, connection) = Connect(server.EndPoint, Trusting(_certificates.CaFile));

        Assert.StartsWith(
            $"the server's certificate is not signed by the CA in {_certificates.CaFile} (its issuer: CN=localhost); give the certificate of the CA that signed it with --tls-ca FILE",
            await AssertRefusedAsync(server, sink, connection));
    }

    [Fact]
    public async Task The_ca_file_may_be_the_servers_own_self_signed_certificate()
    {
        var selfSigned = _certificates.SelfSigned("pinned");
        await using var server = TlsLineServer.Start(selfSigned);
        var (sink, _) = Connect(server.EndPoint, Trusting(selfSigned.CertificateFile));

        Assert.True(await server.AcceptAsync());
        sink.ExpectMsg<ConnectionEstablished>(Wait);
        Assert.Equal(LoginLine, await server.ReadLineAsync());
    }

    [Fact]
    public async Task Insecure_connects_to_a_self_signed_server()
    {
        await using var server = TlsLineServer.Start(_certificates.SelfSigned("insecure"));
        var (sink, _) = Connect(server.EndPoint, ClientTls.Insecure);

        Assert.True(await server.AcceptAsync());
        sink.ExpectMsg<ConnectionEstablished>(Wait);
        Assert.Equal(LoginLine, await server.ReadLineAsync());
    }

    [Fact]
    public async Task Names_in_a_certificate_reach_the_message_escaped()
    {
        using var folder = new TempDirectory();
        var evil = WriteSelfSigned(folder.Path, "evil\u001b]0;owned\u0007\u202e");
        await using var server = TlsLineServer.Start(evil);

        // Untrusted: the issuer is named. Trusted (pinned) but for no name we asked: the name is.
        var (sink, connection) = Connect(server.EndPoint, ClientTls.SystemTrust);
        var untrusted = await AssertRefusedAsync(server, sink, connection);
        var (pinnedSink, pinned) = Connect(server.EndPoint, Trusting(evil.CertificateFile));
        var misnamed = await AssertRefusedAsync(server, pinnedSink, pinned);

        Assert.Contains(@"(its issuer: CN=""evil\x1b]0;owned\x07\u202e"")", untrusted);
        Assert.StartsWith(@"the server's certificate is for evil\x1b]0;owned\x07\u202e, not for 127.0.0.1", misnamed);
        Assert.DoesNotContain(untrusted + misnamed, c => c is '\u001b' or '\u0007' or '\u202e');
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_even_when_pinned()
    {
        using var folder = new TempDirectory();
        var expired = WriteSelfSigned(folder.Path, "expired", forLoopback: true, days: -1); // over two days ago
        await using var server = TlsLineServer.Start(expired);
        var (sink, connection) = Connect(server.EndPoint, Trusting(expired.CertificateFile));

        Assert.StartsWith(
            "the server's certificate (or its CA's) has expired or is not valid yet (the server's is valid from ",
            await AssertRefusedAsync(server, sink, connection));
    }

    [Fact]
    public async Task A_server_offering_only_tls_1_2_is_accepted()
    {
        await using var server = TlsLineServer.Start(_certificates.Server, SslProtocols.Tls12);
        var (sink, _) = Connect(server.EndPoint, Trusting(_certificates.CaFile));

        Assert.True(await server.AcceptAsync());
        sink.ExpectMsg<ConnectionEstablished>(Wait);
        Assert.Equal(SslProtocols.Tls12, server.Protocol);
    }

    [Fact]
    public async Task Pings_on_its_timer()
    {
        await using var server = TlsLineServer.Start(_certificates.Server);
        Connect(server.EndPoint, Trusting(_certificates.CaFile), pingInterval: TimeSpan.FromMilliseconds(100));
        Assert.True(await server.AcceptAsync());
        Assert.Equal(LoginLine, await server.ReadLineAsync());

        Assert.Equal("""{"type":"ping"}""", await server.ReadLineAsync());
        Assert.Equal("""{"type":"ping"}""", await server.ReadLineAsync());
    }

    [Fact]
    public async Task Reports_the_servers_close_with_the_bye_reason_and_stops()
    {
        await using var server = TlsLineServer.Start(_certificates.Server);
        var (sink, connection) = Connect(server.EndPoint, Trusting(_certificates.CaFile));
        Watch(connection);
        Assert.True(await server.AcceptAsync());
        sink.ExpectMsg<ConnectionEstablished>(Wait);

        await server.WriteAsync("""{"type":"bye","reason":"quit"}""" + "\n");
        await server.CloseConnectionAsync();

        Assert.Equal("quit", sink.ExpectMsg<ByeEvent>(Wait).Reason);
        var ended = sink.ExpectMsg<ConnectionEnded>(Wait);
        Assert.Equal((ConnectionEndKind.ClosedByServer, "the server closed the connection", "quit"), (ended.Kind, ended.Detail, ended.ByeReason));
        ExpectTerminated(connection, Wait);
    }

    [Fact]
    public async Task Closes_when_asked_after_what_was_told_before()
    {
        await using var server = TlsLineServer.Start(_certificates.Server);
        var (sink, connection) = Connect(server.EndPoint, Trusting(_certificates.CaFile));
        Assert.True(await server.AcceptAsync());
        sink.ExpectMsg<ConnectionEstablished>(Wait);

        connection.Tell(new QuitRequest());
        connection.Tell(CloseConnection.Instance);
        Assert.Equal(LoginLine, await server.ReadLineAsync());
        Assert.Equal("""{"type":"quit"}""", await server.ReadLineAsync());
        Assert.Null(await server.ReadLineAsync()); // a clean end of stream
        Assert.Equal((ConnectionEndKind.ClosedByClient, "connection closed"), sink.ExpectMsg<ConnectionEnded>(Wait) is var e ? (e.Kind, e.Detail) : default);
    }

    [Fact]
    public void A_refused_connect_is_a_failed_connect()
    {
        var (sink, _) = Connect(FakeChatServer.UnusedEndPoint(), Trusting(_certificates.CaFile));
        Assert.Equal((ConnectionEndKind.ConnectFailed, "refused, unreachable or timed out"), sink.ExpectMsg<ConnectionEnded>(Wait) is var e ? (e.Kind, e.Detail) : default);
    }

    [Fact]
    public async Task A_server_that_never_answers_the_handshake_times_out()
    {
        await using var silent = FakeChatServer.Start(); // takes the TCP connection, says nothing
        var (sink, _) = Connect(silent.EndPoint, Trusting(_certificates.CaFile), connectTimeout: TimeSpan.FromMilliseconds(300));
        await silent.AcceptAsync();

        var ended = sink.ExpectMsg<ConnectionEnded>(Wait);
        Assert.Equal((ConnectionEndKind.ConnectFailed, "timed out: no TLS connection within 0.3 s"), (ended.Kind, ended.Detail));
    }

    [Fact]
    public async Task A_plain_port_is_a_failed_tls_handshake()
    {
        await using var plain = FakeChatServer.Start();
        var (sink, _) = Connect(plain.EndPoint, Trusting(_certificates.CaFile));
        await plain.AcceptAsync();
        await plain.WriteAsync("""{"type":"error","code":"bad_json","message":"not JSON"}""" + "\n");

        var ended = sink.ExpectMsg<ConnectionEnded>(Wait);
        Assert.Equal(ConnectionEndKind.ConnectFailed, ended.Kind);
        Assert.StartsWith("the TLS handshake failed (", ended.Detail);
        Assert.EndsWith("); is it the server's TLS port?", ended.Detail);
    }

    /// <summary>A self-signed certificate, valid from yesterday for <paramref name="days"/>, for 127.0.0.1 or (with no alternative names) only a common name.</summary>
    private static PemPair WriteSelfSigned(string folder, string commonName, bool forLoopback = false, int days = 2)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        if (forLoopback)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        var from = DateTimeOffset.UtcNow.AddDays(-1);
        using var certificate = request.CreateSelfSigned(from.AddDays(Math.Min(0, days - 1)), from.AddDays(days));
        var pair = new PemPair(Path.Combine(folder, "self.pem"), Path.Combine(folder, "self.key"));
        File.WriteAllText(pair.CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(pair.KeyFile, key.ExportPkcs8PrivateKeyPem());
        return pair;
    }
}
