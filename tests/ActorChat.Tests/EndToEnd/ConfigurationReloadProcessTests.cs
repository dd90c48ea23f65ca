using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// The running server program takes a changed configuration file and SIGHUP: the next login gets
/// the new MOTD, the next TLS connection the new certificate, the log says what changed, a bad
/// value is refused without stopping anything, and what cannot change live waits for the next start.
/// </summary>
public sealed class ConfigurationReloadProcessTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestCertificates _certificates = new();

    public void Dispose()
    {
        _certificates.Dispose();
        _folder.Dispose();
    }

    private string CertificateFile => _folder.File("server.pem");
    private string KeyFile => _folder.File("server.key");

    private void InstallCertificate(PemPair pair)
    {
        File.Copy(pair.CertificateFile, CertificateFile, overwrite: true);
        File.Copy(pair.KeyFile, KeyFile, overwrite: true);
    }

    private string Options(string motd, int port = 0, string maxClients = "100") => $$"""
        {
          "port": {{port}},
          "tls-port": 0,
          "tls-cert": "{{CertificateFile}}",
          "tls-key": "{{KeyFile}}",
          "motd": "{{motd}}",
          "max-clients": {{maxClients}},
          "data-dir": "{{_folder.File("data")}}",
          "idle-shutdown": 0
        }
        """;

    /// <summary>The thumbprint of the certificate a new TLS connection is shown (checked against the test CA).</summary>
    private async Task<string> CertificateOnConnect(IPEndPoint tls)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(tls);
        await using var stream = new SslStream(tcp.GetStream());
        await stream.AuthenticateAsClientAsync(RawClient.TlsClientOptions(_certificates.CaFile, "localhost"));
        return stream.RemoteCertificate!.GetCertHashString();
    }

    private static string Thumbprint(PemPair pair) => X509Certificate2.CreateFromPemFile(pair.CertificateFile, pair.KeyFile).GetCertHashString();

    private static async Task<string?> MotdOfNewLogin(IPEndPoint endPoint, string name)
    {
        await using var client = await RawClient.ConnectAsync(endPoint);
        await client.SendAsync(new LoginRequest(name));
        return (await client.ExpectAsync<WelcomeEvent>()).Motd;
    }

    [Fact]
    public async Task A_changed_file_and_SIGHUP_give_new_logins_the_new_motd_and_new_TLS_connections_the_new_certificate()
    {
        var first = _certificates.Issue("first", "localhost", IPAddress.Loopback);
        var second = _certificates.Issue("second", "localhost", IPAddress.Loopback);
        var third = _certificates.Issue("third", "localhost", IPAddress.Loopback);
        InstallCertificate(first);
        var configFile = _folder.File("actorchat.json");
        File.WriteAllText(configFile, Options("the first motd"));

        await using var server = ChildProcess.Start("actorchat-server", "--config", configFile);
        var listening = await server.WaitForLineAsync(@"listening on 127\.0\.0\.1:(\d+), TLS on 127\.0\.0\.1:(\d+)");
        var endPoint = new IPEndPoint(IPAddress.Loopback, int.Parse(listening.Groups[1].Value));
        var tls = new IPEndPoint(IPAddress.Loopback, int.Parse(listening.Groups[2].Value));
        Assert.Equal("the first motd", await MotdOfNewLogin(endPoint, "alice"));
        Assert.Equal(Thumbprint(first), await CertificateOnConnect(tls));
        await using var connected = await RawClient.LoginAsync(endPoint, "carol");

        // The file changes (the certificate was renewed in place first): no signal needed.
        InstallCertificate(second);
        File.WriteAllText(configFile, Options("the second motd"));
        await server.WaitForLineAsync("^Changed --motd: the first motd → the second motd$");
        await server.WaitForLineAsync("^TLS certificate: CN=localhost, SHA-1 ");
        Assert.Equal("the second motd", await MotdOfNewLogin(endPoint, "bob"));
        Assert.Equal(Thumbprint(second), await CertificateOnConnect(tls));

        // SIGHUP alone: the certificate's files are read again.
        InstallCertificate(third);
        server.Signal("HUP");
        await server.WaitForLineAsync(@"^Reloading the configuration \(SIGHUP\)$");
        await server.WaitForLineAsync("^TLS certificate: CN=localhost, SHA-1 ");
        Assert.Equal(Thumbprint(third), await CertificateOnConnect(tls));

        // A bad value refuses the whole reload; the server goes on as it was.
        File.WriteAllText(configFile, Options("a motd never shown", maxClients: "\"many\""));
        await server.WaitForLineAsync("^Reload refused, nothing changed: --max-clients \\(from .*actorchat.json, key \"max-clients\"\\): \"many\" is not a whole number$");
        Assert.Equal("the second motd", await MotdOfNewLogin(endPoint, "dave"));

        // What cannot change live is said and kept.
        File.WriteAllText(configFile, Options("the third motd", port: Ports.Free()));
        await server.WaitForLineAsync("^Not changed until the next start: --port: 0 → ");
        Assert.Equal("the third motd", await MotdOfNewLogin(endPoint, "erin"));

        // The client connected all along is still there.
        await connected.SendAsync(new PingRequest { Id = 1 });
        await connected.WaitForAsync<PongEvent>();
        server.Signal("TERM");
        Assert.Equal(0, await server.WaitForExitAsync());
    }
}
