using ActorChat.Server.Transport;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Server.Transport;

public sealed class TransportSettingsTests
{
    [Fact]
    public void Options_that_do_not_go_together_are_named_in_one_line()
    {
        Assert.Null(new TransportSettings().Problem());
        Assert.Null(new TransportSettings { HttpPort = 8080 }.Problem());
        Assert.Contains("--tls-port needs --tls-cert", new TransportSettings { TlsPort = 6697 }.Problem());
        Assert.Contains("--tls-cert and --tls-key go together", new TransportSettings { HttpPort = 1, CertificateFile = "c.pem" }.Problem());
        Assert.Contains("--http-port", new TransportSettings { HttpPort = 70000 }.Problem());
        Assert.Contains("--allowed-origin chat.example.org", new TransportSettings { HttpPort = 1, AllowedOrigins = ["chat.example.org"] }.Problem());
    }

    [Fact]
    public void A_certificate_that_cannot_be_read_is_refused_with_the_files_named()
    {
        using var certificates = new TestCertificates();
        using var loaded = new TransportSettings { CertificateFile = certificates.Server.CertificateFile, KeyFile = certificates.Server.KeyFile }.LoadCertificate();
        Assert.True(loaded.HasPrivateKey);

        var missing = Assert.Throws<InvalidOperationException>(() => new TransportSettings { CertificateFile = "/nonexistent/cert.pem", KeyFile = "/nonexistent/key.pem" }.LoadCertificate());
        Assert.Contains("/nonexistent/cert.pem", missing.Message);
        var other = certificates.SelfSigned("other");
        var mismatched = Assert.Throws<InvalidOperationException>(() => new TransportSettings { CertificateFile = certificates.Server.CertificateFile, KeyFile = other.KeyFile }.LoadCertificate());
        Assert.Contains("--tls-key", mismatched.Message);
    }
}
