using System.Net;
using ActorChat.Client.Network;
using ActorChat.Client.Session;

namespace ActorChat.Tests.Client;

/// <summary>Several servers for one client (<c>--server HOST:PORT</c>, the nodes of a cluster) and the order they are used in.</summary>
public sealed class ServerListTests
{
    [Theory]
    [InlineData("localhost:7400", "localhost", 7400)]
    [InlineData("10.0.0.2:1", "10.0.0.2", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    [InlineData("chat.example.org:7401", "chat.example.org", 7401)]
    public void A_server_is_host_and_port(string text, string host, int port) =>
        Assert.Equal(new ServerAddress(host, port), ServerAddress.Parse(text));

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:")]
    [InlineData(":7400")]
    [InlineData("localhost:0")]
    [InlineData("localhost:65536")]
    [InlineData("localhost:-1")]
    [InlineData("localhost:74a0")]
    [InlineData("::1:7400")]
    [InlineData("[]:7400")]
    public void Anything_else_is_refused(string text) => Assert.Null(ServerAddress.Parse(text));

    [Fact]
    public void An_IPv6_server_is_written_back_in_brackets() => Assert.Equal("[::1]:7400", ServerAddress.Parse("[::1]:7400")!.ToString());

    [Fact]
    public void Each_new_connection_goes_to_the_next_server_round_and_round()
    {
        EndPoint a = new IPEndPoint(IPAddress.Loopback, 1), b = new IPEndPoint(IPAddress.Loopback, 2), c = new IPEndPoint(IPAddress.Loopback, 3);
        var rotation = new ServerRotation([a, b, c]);
        Assert.Equal(a, rotation.Current);
        Assert.Equal([b, c, a, b], new[] { rotation.Next(), rotation.Next(), rotation.Next(), rotation.Next() });
    }

    [Fact]
    public void One_server_is_always_the_next()
    {
        EndPoint a = new IPEndPoint(IPAddress.Loopback, 1);
        var rotation = new ServerRotation([a]);
        Assert.Equal(a, rotation.Next());
        Assert.Equal(a, rotation.Next());
    }

    [Fact]
    public void A_session_needs_a_server() => Assert.Throws<ArgumentException>(() => new ServerRotation([]));
}
