using System.Net;
using System.Net.Sockets;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// The server program configured from a JSON file, the environment and flags at once: it uses each
/// value from the source that wins, and a bad value stops it before it listens, in one line.
/// </summary>
public sealed class ServerConfigurationProcessTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_flag_beats_the_environment_which_beats_the_file_and_the_file_s_limits_apply()
    {
        var filePort = Ports.Free();
        var environmentPort = Ports.Free();
        var configFile = _folder.File("actorchat.json");
        File.WriteAllText(configFile, $$"""
            {
              // the port and the MOTD are given again below; max-clients only here
              "port": {{filePort}},
              "max-clients": 2,
              "motd": "from the file",
              "data-dir": "{{_folder.File("data")}}",
              "idle-shutdown": 0
            }
            """);
        var environment = new Dictionary<string, string> { ["ACTORCHAT_PORT"] = environmentPort.ToString(), ["ACTORCHAT_MOTD"] = "from the environment" };
        await using var server = ChildProcess.Start("actorchat-server", environment, "--config", configFile, "--motd", "from the flag");
        var listening = int.Parse((await server.WaitForLineAsync(@"listening on 127\.0\.0\.1:(\d+)")).Groups[1].Value);
        Assert.Equal(environmentPort, listening);
        var endPoint = new IPEndPoint(IPAddress.Loopback, listening);

        await using var alice = await RawClient.ConnectAsync(endPoint);
        await alice.SendAsync(new LoginRequest("alice"));
        Assert.Equal("from the flag", (await alice.ExpectAsync<WelcomeEvent>()).Motd);
        await using var bob = await RawClient.LoginAsync(endPoint, "bob");
        await using var third = await RawClient.ConnectAsync(endPoint);
        Assert.Equal(ErrorCodes.ServerFull, (await third.ExpectAsync<ErrorEvent>()).Code); // max-clients 2, from the file
        Assert.True(Directory.Exists(_folder.File("data")), "the data folder from the file was not used");

        server.Signal("TERM");
        Assert.Equal(0, await server.WaitForExitAsync());
    }

    [Fact]
    public async Task A_bad_value_from_the_environment_stops_the_start_with_one_line_and_nothing_listens()
    {
        var port = Ports.Free();
        var environment = new Dictionary<string, string> { ["ACTORCHAT_MAX_CLIENTS"] = "lots" };
        await using var server = ChildProcess.Start("actorchat-server", environment, "--port", port.ToString(), "--data-dir", _folder.File("data"));

        Assert.Equal(2, await server.WaitForExitAsync());
        Assert.Equal(["--max-clients (from environment variable ACTORCHAT_MAX_CLIENTS): \"lots\" is not a whole number"], server.OutputSoFar());
        Assert.False(Directory.Exists(_folder.File("data")), "the server made its data folder before refusing");
        using var probe = new TcpListener(IPAddress.Loopback, port);
        probe.Start(); // nothing half-started holds the port
    }

    [Fact]
    public async Task Export_reads_the_store_s_options_from_the_same_file()
    {
        var configFile = _folder.File("export.json");
        File.WriteAllText(configFile, $$"""{ "data-dir": "{{_folder.File("nothing-here")}}", "port": 7000, "motd": "ignored by export" }""");
        await using var export = ChildProcess.Start("actorchat-server", "export", "--room", "lobby", "--config", configFile);
        Assert.Equal(1, await export.WaitForExitAsync());
        Assert.Contains(export.OutputSoFar(), line => line.Contains("no history at " + _folder.File("nothing-here")));
    }
}
