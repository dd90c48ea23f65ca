using ActorChat.Client.Network;
using ActorChat.Client.Network.Tls;
using ActorChat.Client.Session;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Client;

/// <summary>The TLS options as the command line gives them, and what the session makes of a refused certificate.</summary>
public sealed class ClientTlsTests : IClassFixture<TestCertificates>
{
    private readonly TestCertificates _certificates;

    public ClientTlsTests(TestCertificates certificates) => _certificates = certificates;

    private static (bool Ok, ClientTls Tls, string? Error) FromOptions(bool tls = false, string? caFile = null, bool insecure = false) =>
        (ClientTls.TryFromOptions(tls, caFile, insecure, out var settings, out var error), settings, error);

    [Fact]
    public void The_options_choose_the_mode_and_a_ca_file_or_insecure_implies_tls()
    {
        Assert.Equal((true, TlsMode.Off), FromOptions() is var off ? (off.Ok, off.Tls.Mode) : default);
        Assert.Same(ClientTls.SystemTrust, FromOptions(tls: true).Tls);
        Assert.Same(ClientTls.Insecure, FromOptions(insecure: true).Tls);
        Assert.Same(ClientTls.Insecure, FromOptions(tls: true, insecure: true).Tls);

        var pinned = FromOptions(caFile: _certificates.CaFile);
        Assert.True(pinned.Ok);
        Assert.Equal((TlsMode.Verify, _certificates.CaFile, 1), (pinned.Tls.Mode, pinned.Tls.CaFile, pinned.Tls.TrustedRoots!.Count));
        Assert.False(ClientTls.Off.Enabled);
        Assert.True(pinned.Tls.Enabled);
    }

    [Fact]
    public void A_ca_file_may_hold_several_certificates()
    {
        using var folder = new TempDirectory();
        var bundle = folder.File("bundle.pem");
        File.WriteAllText(bundle, File.ReadAllText(_certificates.CaFile) + "\n" + File.ReadAllText(_certificates.SelfSigned("bundled").CertificateFile));
        Assert.Equal(2, FromOptions(caFile: bundle).Tls.TrustedRoots!.Count);
    }

    [Fact]
    public void A_ca_file_that_cannot_be_used_is_one_clear_line()
    {
        using var folder = new TempDirectory();
        var missing = folder.File("missing.pem");
        var garbled = folder.File("garbled.pem");
        File.WriteAllText(garbled, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"); // base64, but no certificate
        var notPem = folder.File("notes.txt");
        File.WriteAllText(notPem, "hello");

        Assert.Equal((false, $"--tls-ca {missing}: no such file"), FromOptions(caFile: missing) is var m ? (m.Ok, m.Error) : default);
        Assert.Equal((false, $"--tls-ca {folder.Path}: no such file"), FromOptions(caFile: folder.Path) is var d ? (d.Ok, d.Error) : default);
        var noCertificate = $"--tls-ca {{0}}: no certificate in it; give the CA's certificate as PEM (-----BEGIN CERTIFICATE-----)";
        Assert.Equal(string.Format(noCertificate, notPem), FromOptions(caFile: notPem).Error);
        Assert.Equal(string.Format(noCertificate, _certificates.Server.KeyFile), FromOptions(caFile: _certificates.Server.KeyFile).Error); // a key is not a certificate
        Assert.StartsWith($"--tls-ca {garbled}: not a PEM certificate file: ", FromOptions(caFile: garbled).Error);
        Assert.All(new[] { missing, garbled, notPem }, file => Assert.Equal(TlsMode.Off, FromOptions(caFile: file).Tls.Mode));
    }

    [Fact]
    public void A_ca_file_and_insecure_contradict_each_other()
    {
        var both = FromOptions(caFile: _certificates.CaFile, insecure: true);
        Assert.False(both.Ok);
        Assert.StartsWith("--tls-ca and --tls-insecure contradict each other", both.Error);
    }

    [Fact]
    public void A_host_keeps_its_name_for_the_certificate_check()
    {
        var named = new NamedEndPoint("chat.example", System.Net.IPAddress.Loopback, 7443);
        Assert.Equal("chat.example", NamedEndPoint.HostOf(named));
        Assert.Equal("127.0.0.1:7443", named.ToString()); // shown as before
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 7443), named);
        Assert.Equal("::1", NamedEndPoint.HostOf(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, 7443)));
        Assert.Equal("chat.example", NamedEndPoint.HostOf(new System.Net.DnsEndPoint("chat.example", 7443)));
    }

    [Fact]
    public void Reconnecting_stops_once_every_server_in_turn_refused_its_certificate()
    {
        var link = new ConnectionLifecycle(new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 1.0));
        Assert.False(link.RefusedByEveryServer(ConnectionEndKind.CertificateRejected, serverCount: 2));
        Assert.False(link.RefusedByEveryServer(ConnectionEndKind.ConnectFailed, serverCount: 2)); // the other one was down: that may pass
        Assert.False(link.RefusedByEveryServer(ConnectionEndKind.CertificateRejected, serverCount: 2));
        Assert.True(link.RefusedByEveryServer(ConnectionEndKind.CertificateRejected, serverCount: 2));

        link.LoggedIn();
        Assert.False(link.RefusedByEveryServer(ConnectionEndKind.Lost, serverCount: 1));
        Assert.True(link.RefusedByEveryServer(ConnectionEndKind.CertificateRejected, serverCount: 1));
    }

    [Fact]
    public void A_refused_certificate_ends_the_session_as_a_failed_connect()
    {
        var ended = new ConnectionEnded(ConnectionEndKind.CertificateRejected, "the server's certificate is for other.example, not for 127.0.0.1; ...", null);
        var ending = SessionEnding.After(ended, quitting: false, "127.0.0.1:7443");
        Assert.Equal(
            (ExitCodes.ConnectFailed, "! cannot connect to 127.0.0.1:7443: the server's certificate is for other.example, not for 127.0.0.1; ..."),
            (ending.ExitCode, ending.Message));
    }

    [Fact]
    public void Writes_go_one_at_a_time_and_what_waits_goes_next_together()
    {
        var queue = new WriteQueue();
        Assert.True(queue.IsIdle);
        Assert.Equal([1], queue.Add([1]));
        Assert.Null(queue.Add([2]));
        Assert.Null(queue.Add([3, 4]));
        Assert.False(queue.IsIdle);

        Assert.Equal([2, 3, 4], queue.Done());
        Assert.True(queue.Writing);
        Assert.Null(queue.Done());
        Assert.True(queue.IsIdle);
        Assert.Equal([5], queue.Add([5]));
    }
}
