using ActorChat.Client.Network;
using ActorChat.Client.Session;
using ActorChat.Messages.Events;
using Akka.Actor;

namespace ActorChat.Tests.Client;

public sealed class SessionConnectionTests : Akka.TestKit.Xunit2.TestKit
{
    public SessionConnectionTests() : base("akka.loglevel = WARNING")
    {
    }

    [Fact]
    public async Task Requests_go_to_the_current_connection_and_what_it_hears_goes_to_the_session()
    {
        await using var server = FakeChatServer.Start();
        var session = CreateTestProbe();
        var link = Sys.ActorOf(SessionConnection.Props(new SessionSettings(server.EndPoint, "alice"), session.Ref));
        await server.AcceptAsync();

        link.Tell(new ActorChat.Messages.Commands.LoginRequest("alice"));
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"welcome","name":"alice","protocol":1,"server":"Fake"}""" + "\n");
        session.FishForMessage(m => m is WelcomeEvent, FakeChatServer.Patience);
    }

    [Fact]
    public void Only_the_current_connection_ending_is_passed_on()
    {
        var session = CreateTestProbe();
        var link = Sys.ActorOf(SessionConnection.Props(new SessionSettings(FakeChatServer.UnusedEndPoint(), "alice"), session.Ref));
        Assert.Equal(ConnectionEndKind.ConnectFailed, session.FishForMessage<ConnectionEnded>(_ => true, FakeChatServer.Patience).Kind);

        // An end reported by anyone else (an older connection) is dropped; other news passes.
        var old = CreateTestProbe();
        link.Tell(new ConnectionEnded(ConnectionEndKind.ClosedByServer, "late", null), old.Ref);
        link.Tell(new PongEvent(), old.Ref);
        session.ExpectMsg<PongEvent>(FakeChatServer.Patience);

        link.Tell(OpenConnection.Instance);
        Assert.Equal(ConnectionEndKind.ConnectFailed, session.ExpectMsg<ConnectionEnded>(FakeChatServer.Patience).Kind);
    }

    [Fact]
    public async Task A_reconnect_goes_to_the_next_server()
    {
        await using var second = FakeChatServer.Start();
        var session = CreateTestProbe();
        var settings = new SessionSettings(FakeChatServer.UnusedEndPoint(), "alice") { OtherServers = [second.EndPoint] };
        var link = Sys.ActorOf(SessionConnection.Props(settings, session.Ref));
        Assert.Equal(ConnectionEndKind.ConnectFailed, session.FishForMessage<ConnectionEnded>(_ => true, FakeChatServer.Patience).Kind);

        link.Tell(OpenConnection.Instance);
        await second.AcceptAsync();
        link.Tell(new ActorChat.Messages.Commands.LoginRequest("alice"));
        Assert.Equal("""{"type":"login","name":"alice"}""", await second.ReadLineAsync());
    }
}
