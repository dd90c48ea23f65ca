using System.Net;
using System.Net.Sockets;
using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>The real server program, as a separate process.</summary>
public sealed class ServerProcessTests : IDisposable
{
    private const string ServerAssembly = "actorchat-server";
    private const string ListeningLine = @"listening on 127\.0\.0\.1:(\d+)";

    private readonly TempStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private async Task<(ChildProcess Process, IPEndPoint EndPoint)> StartServer(params string[] args)
    {
        var process = ChildProcess.Start(ServerAssembly, ["--port", "0", "--data-dir", _storage.Settings.DataDirectory, .. args]);
        var match = await process.WaitForLineAsync(ListeningLine);
        return (process, new IPEndPoint(IPAddress.Loopback, int.Parse(match.Groups[1].Value)));
    }

    [Fact]
    public async Task With_no_client_it_says_so_and_exits_with_code_0_after_the_idle_time()
    {
        var (process, _) = await StartServer("--idle-shutdown", "1");
        await using var _ = process;
        await process.WaitForLineAsync("No client connected");
        Assert.Equal(0, await process.WaitForExitAsync());
    }

    [Fact]
    public async Task Sigterm_says_bye_shutdown_to_clients_and_exits_with_code_0()
    {
        var (process, endPoint) = await StartServer("--idle-shutdown", "0");
        await using var _ = process;
        await using var alice = await RawClient.LoginAsync(endPoint, "alice");

        process.Signal("TERM");
        Assert.Equal(new ByeEvent(ByeReasons.Shutdown), await alice.WaitForAsync<ByeEvent>());
        await alice.ExpectClosedAsync();
        await alice.DisposeAsync();
        Assert.Equal(0, await process.WaitForExitAsync());
    }

    [Fact]
    public async Task Connects_logins_and_disconnects_go_to_a_rolling_log_file_in_the_data_folder()
    {
        var (process, endPoint) = await StartServer("--idle-shutdown", "0");
        await using var _ = process;
        await using (var alice = await RawClient.LoginAsync(endPoint, "alice"))
        {
            await alice.SendAsync(new ActorChat.Messages.Commands.QuitRequest());
            await alice.WaitForAsync<ByeEvent>();
        }

        var logs = Path.Combine(_storage.Settings.DataDirectory, "logs");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string text = "";
        while (!text.Contains("disconnected (quit), was alice"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the log file never showed the session:\n" + text);
            await Task.Delay(100); // the file sink flushes every second
            text = string.Join("\n", Directory.Exists(logs)
                ? Directory.GetFiles(logs, "actorchat-*.log").Select(f => ReadShared(f))
                : []);
        }
        Assert.Contains("logged in as alice", text);
        Assert.Contains("connected", text);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    [Fact]
    public async Task A_port_in_use_is_reported_with_exit_code_1()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;
        await using var process = ChildProcess.Start(ServerAssembly, "--port", port.ToString(), "--data-dir", _storage.Settings.DataDirectory);
        await process.WaitForLineAsync("cannot listen on");
        Assert.Equal(1, await process.WaitForExitAsync());
    }

    [Fact]
    public async Task The_program_serves_TLS_and_WebSocket_beside_TCP_and_SIGTERM_says_bye_on_each()
    {
        using var certificates = new TestCertificates();
        var process = ChildProcess.Start(ServerAssembly, "--port", "0", "--data-dir", _storage.Settings.DataDirectory, "--idle-shutdown", "0",
            "--tls-port", "0", "--http-port", "0", "--tls-cert", certificates.Server.CertificateFile, "--tls-key", certificates.Server.KeyFile);
        await using var _ = process;
        var ports = await process.WaitForLineAsync(@"listening on 127\.0\.0\.1:(\d+), TLS on 127\.0\.0\.1:(\d+), https://127\.0\.0\.1:(\d+)/");
        int Port(int group) => int.Parse(ports.Groups[group].Value);

        await using var tcp = await RawClient.LoginAsync(new IPEndPoint(IPAddress.Loopback, Port(1)), "tcp");
        await using var tls = await RawClient.ConnectTlsAsync(new IPEndPoint(IPAddress.Loopback, Port(2)), certificates.CaFile);
        await tls.LoginAsync("tls");
        await using var web = await RawClient.ConnectWebSocketAsync(new Uri($"wss://localhost:{Port(3)}/ws"), caFile: certificates.CaFile);
        await web.LoginAsync("web");
        await web.SendAsync(new ActorChat.Messages.Commands.SayRequest("over wss"));
        Assert.Equal("over wss", (await tcp.WaitForAsync<ChatMessage>()).Text);
        Assert.Equal("over wss", (await tls.WaitForAsync<ChatMessage>()).Text);

        process.Signal("TERM");
        foreach (var client in new[] { tcp, tls, web })
            Assert.Equal(new ByeEvent(ByeReasons.Shutdown), await client.WaitForAsync<ByeEvent>());
        Assert.Equal(0, await process.WaitForExitAsync());
    }

    [Theory]
    [InlineData("--tls-port 0", "--tls-port needs --tls-cert FILE and --tls-key FILE", 2)]
    [InlineData("--http-port 0 --tls-cert CERT", "--tls-cert and --tls-key go together", 2)]
    [InlineData("--http-port 0 --allowed-origin chat.example.org", "--allowed-origin chat.example.org", 2)]
    [InlineData("--tls-port 0 --tls-cert /nonexistent/cert.pem --tls-key /nonexistent/key.pem", "--tls-cert /nonexistent/cert.pem (from the command line): there is no such file", 2)]
    [InlineData("--tls-port 0 --tls-cert CERT --tls-key OTHERKEY", "Cannot use --tls-cert", 1)]
    public async Task Transport_options_that_cannot_work_stop_the_start_with_one_clear_line(string options, string message, int exitCode)
    {
        using var certificates = new TestCertificates();
        var other = certificates.SelfSigned("other");
        var args = options.Replace("OTHERKEY", other.KeyFile).Replace("CERT", certificates.Server.CertificateFile).Split(' ');
        await using var process = ChildProcess.Start(ServerAssembly, ["--port", "0", "--data-dir", _storage.Settings.DataDirectory, .. args]);
        await process.WaitForLineAsync(System.Text.RegularExpressions.Regex.Escape(message));
        Assert.Equal(exitCode, await process.WaitForExitAsync());
    }

    [Fact]
    public async Task Help_lists_the_options()
    {
        await using var process = ChildProcess.Start(ServerAssembly, "--help");
        await process.WaitForLineAsync("--idle-shutdown");
        Assert.Equal(0, await process.WaitForExitAsync());
    }
}
