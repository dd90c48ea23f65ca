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
    public async Task Help_lists_the_options()
    {
        await using var process = ChildProcess.Start(ServerAssembly, "--help");
        await process.WaitForLineAsync("--idle-shutdown");
        Assert.Equal(0, await process.WaitForExitAsync());
    }
}
