using System.Net.Sockets;
using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Network;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Network;

/// <summary>The listener on a real loopback port, with probes for the directory, registry and monitor.</summary>
public sealed class ChatListenerTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestProbe _monitor;
    private readonly IActorRef _listener;

    public ChatListenerTests()
    {
        _monitor = CreateTestProbe();
        var limits = new ServerLimits { Port = 0, MaxClients = 1, ClientIdle = TimeSpan.Zero };
        _listener = Sys.ActorOf(ChatListener.Props(limits, new SessionRoutes(CreateTestProbe(), CreateTestProbe(), CreateTestProbe(), CreateTestProbe()), _monitor));
    }

    private ListenerBound Bound()
    {
        _listener.Tell(AwaitBinding.Instance);
        return ExpectMsg<ListenerBound>();
    }

    [Fact]
    public void Port_0_reports_the_port_the_system_gave()
    {
        var bound = Bound();
        Assert.NotEqual(0, bound.EndPoint.Port);
        Assert.Equal(bound, Bound()); // asked again, same answer
    }

    [Fact]
    public async Task Sessions_are_counted_for_the_idle_monitor_as_they_come_and_go()
    {
        var endPoint = Bound().EndPoint;
        var client = new TcpClient();
        await client.ConnectAsync(endPoint);
        _monitor.ExpectMsg(new ConnectionCountChanged(1));
        _listener.Tell(GetSessionCount.Instance);
        ExpectMsg(1);

        client.Dispose();
        _monitor.ExpectMsg(new ConnectionCountChanged(0));
    }

    [Fact]
    public async Task Past_max_clients_a_connection_gets_server_full_and_is_not_counted()
    {
        var endPoint = Bound().EndPoint;
        using var first = new TcpClient();
        await first.ConnectAsync(endPoint);
        _monitor.ExpectMsg(new ConnectionCountChanged(1));

        await using var second = await RawClient.ConnectAsync(endPoint);
        Assert.Equal(ErrorCodes.ServerFull, (await second.ExpectAsync<ErrorEvent>()).Code);
        Assert.Equal(ByeReasons.ServerFull, (await second.ExpectAsync<ByeEvent>()).Reason);
        await second.ExpectClosedAsync();
        _monitor.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Stopping_with_no_session_reports_at_once()
    {
        Bound();
        _listener.Tell(StopServer.Instance);
        ExpectMsg(new ServerStopped(0));
    }
}
