using ActorChat.Client.Session;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Client;

/// <summary>The client program's TLS options, run as a real process against the test TLS server.</summary>
public sealed class TlsCommandLineTests : IClassFixture<TestCertificates>
{
    private readonly TestCertificates _certificates;

    public TlsCommandLineTests(TestCertificates certificates) => _certificates = certificates;

    [Fact]
    public async Task A_missing_ca_file_stops_the_client_at_start_with_one_line()
    {
        using var dataDir = new TempDirectory();
        var missing = dataDir.File("no-such-ca.pem");
        await using var client = ChildProcess.Start("actorchat", "--tls-ca", missing, "--name", "alice", "--data-dir", dataDir.Path);

        await client.WaitForLineAsync($"^! --tls-ca {System.Text.RegularExpressions.Regex.Escape(missing)}: no such file$");
        Assert.Equal(ExitCodes.BadSetup, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task With_tls_ca_it_logs_in_by_host_name_chats_and_quits()
    {
        await using var server = TlsLineServer.Start(_certificates.Server);
        using var dataDir = new TempDirectory();
        await using var client = ChildProcess.Start(
            "actorchat", "--host", "localhost", "--port", server.EndPoint.Port.ToString(), "--tls-ca", _certificates.CaFile,
            "--name", "alice", "--data-dir", dataDir.Path);

        Assert.True(await server.AcceptAsync());
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"welcome","name":"alice","protocol":1,"server":"Fake 1.0"}""" + "\n");
        await client.WaitForLineAsync("welcome, alice");

        client.Input.Close(); // end of input: the client quits
        Assert.Equal("""{"type":"quit"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"bye","reason":"quit"}""" + "\n");
        await server.CloseConnectionAsync();
        Assert.Equal(ExitCodes.Normal, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task With_tls_a_server_of_a_private_ca_is_refused_with_the_fix_and_exit_code_2()
    {
        await using var server = TlsLineServer.Start(_certificates.Server);
        using var dataDir = new TempDirectory();
        await using var client = ChildProcess.Start(
            "actorchat", "--server", $"127.0.0.1:{server.EndPoint.Port}", "--tls", "--name", "alice", "--data-dir", dataDir.Path);

        var accepted = server.AcceptAsync();
        await client.WaitForLineAsync(
            $@"^! cannot connect to 127\.0\.0\.1:{server.EndPoint.Port}: the server's certificate is not signed by an authority this computer trusts "
            + @"\(its issuer: CN=ActorChat Test CA\); if the server uses a private CA, give the CA's certificate with --tls-ca FILE$");
        Assert.Equal(ExitCodes.ConnectFailed, await client.WaitForExitAsync());
        await accepted;
        Assert.Equal(0, await server.ReadToEndAsync());
    }

    [Fact]
    public async Task With_tls_insecure_it_warns_once_and_connects_to_a_self_signed_server()
    {
        await using var server = TlsLineServer.Start(_certificates.SelfSigned("insecure-cli"));
        using var dataDir = new TempDirectory();
        await using var client = ChildProcess.Start(
            "actorchat", "--server", $"127.0.0.1:{server.EndPoint.Port}", "--tls-insecure", "--name", "alice", "--data-dir", dataDir.Path);

        await client.WaitForLineAsync("^! warning: --tls-insecure: the server's identity is not checked;");
        Assert.True(await server.AcceptAsync());
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
    }
}
