using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Packaging;

/// <summary>
/// The version is written in one place, Directory.Build.props: <c>--version</c> of both programs
/// and the <c>server</c> field of <c>welcome</c> say exactly it (no "+commit" suffix).
/// </summary>
public sealed class ProductVersionTests
{
    [Fact]
    public void The_declared_version_is_a_plain_semantic_version()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", DeclaredVersion.Value);
    }

    [Fact]
    public async Task The_welcome_of_a_running_server_names_the_declared_version()
    {
        using var storage = new TempStorage();
        await using var server = await ChatServer.StartAsync(new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero }, storage.Settings);
        await using var client = await RawClient.ConnectAsync(server.EndPoint);
        await client.SendAsync(new LoginRequest("versions"));
        var welcome = await client.ExpectAsync<WelcomeEvent>();
        Assert.Equal("ActorChat " + DeclaredVersion.Value, welcome.Server);
        Assert.Equal(ProtocolInfo.Version, welcome.Protocol);
    }

    [Theory]
    [InlineData("actorchat-server")]
    [InlineData("actorchat")]
    public async Task The_version_option_prints_the_declared_version_alone(string program)
    {
        await using var process = ChildProcess.Start(program, "--version");
        Assert.Equal(0, await process.WaitForExitAsync());
        Assert.Equal([DeclaredVersion.Value], process.OutputSoFar().Where(line => line.Length > 0));
    }
}
