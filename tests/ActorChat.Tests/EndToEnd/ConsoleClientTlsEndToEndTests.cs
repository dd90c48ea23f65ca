using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>The console client program over the real server's TLS port, beside a TCP user.</summary>
public sealed class ConsoleClientTlsEndToEndTests : ServerTestBase
{
    protected override ClientTransport Transport => ClientTransport.Tls;

    [Fact]
    public async Task A_TLS_console_user_and_a_TCP_user_chat_in_one_room()
    {
        await using var tcp = await RawClient.LoginAsync(Server.EndPoint, "tcp"); // over plain TCP, beside the TLS port
        using var dataDir = new TempDirectory();
        await using var client = ChildProcess.Start("actorchat", "--host", "localhost", "--port", Server.TlsEndPoint!.Port.ToString(),
            "--tls-ca", Certificates!.CaFile, "--name", "secure", "--data-dir", dataDir.Path);
        await client.WaitForLineAsync("welcome, secure");
        await tcp.WaitForAsync<JoinedEvent>(j => j.Name == "secure");

        await client.Input.WriteLineAsync("sent inside TLS");
        Assert.Equal(("secure", "sent inside TLS"), await tcp.WaitForAsync<ChatMessage>() is var m ? (m.From, m.Text) : default);
        await tcp.SendAsync(new SayRequest("read inside TLS"));
        await client.WaitForLineAsync(@"\[lobby\] tcp: read inside TLS$");

        client.Input.Close();
        Assert.Equal(new LeftEvent("lobby", "secure", 1, ByeReasons.Quit), await tcp.WaitForAsync<LeftEvent>());
        Assert.Equal(ExitCodes.Normal, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_server_s_certificate_refuses_it_and_sends_nothing()
    {
        using var other = new TestCertificates();
        await using var tcp = await RawClient.LoginAsync(Server.EndPoint, "tcp"); // over plain TCP, beside the TLS port
        using var dataDir = new TempDirectory();
        await using var client = ChildProcess.Start("actorchat", "--server", $"localhost:{Server.TlsEndPoint!.Port}",
            "--tls-ca", other.CaFile, "--name", "victim", "--data-dir", dataDir.Path);
        await client.WaitForLineAsync("the server's certificate is not signed by the CA in");
        Assert.Equal(ExitCodes.ConnectFailed, await client.WaitForExitAsync());
        await tcp.SendAsync(new WhoRequest("lobby"));
        Assert.Equal(["tcp"], (await tcp.WaitForAsync<WhoEvent>()).Members); // the refused client never logged in
    }
}
