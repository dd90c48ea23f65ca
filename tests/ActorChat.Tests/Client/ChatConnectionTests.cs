using ActorChat.Client.Network;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using Akka.Actor;
using Akka.TestKit;
using Newtonsoft.Json.Linq;

namespace ActorChat.Tests.Client;

/// <summary>ChatConnection against a real loopback socket: framing, decoding, writing, pinging, closing.</summary>
public sealed class ChatConnectionTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = FakeChatServer.Patience;

    private const string WelcomeFrame = """{"type":"welcome","name":"alice","protocol":1,"server":"Fake 1.0"}""";
    private const string JoinedFrame = """{"type":"joined","room":"lobby","name":"alice","members":1}""";

    public ChatConnectionTests() : base("akka.loglevel = WARNING")
    {
    }

    /// <summary>Starts a connection to the fake server, with login told before the TCP handshake is done.</summary>
    private async Task<(FakeChatServer Server, TestProbe Sink, IActorRef Connection)> ConnectAsync(TimeSpan? pingInterval = null)
    {
        var server = FakeChatServer.Start();
        var sink = CreateTestProbe();
        var connection = Sys.ActorOf(ChatConnection.Props(server.EndPoint, sink.Ref, pingInterval));
        connection.Tell(new LoginRequest("alice"));
        await server.AcceptAsync();
        sink.ExpectMsg<ConnectionEstablished>(Wait);
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        return (server, sink, connection);
    }

    [Fact]
    public async Task Delivers_events_whole_however_the_bytes_are_split()
    {
        var (server, sink, _) = await ConnectAsync();
        await using var _server = server;

        await server.WriteAsync(WelcomeFrame + "\n");
        Assert.Equal(new WelcomeEvent("alice", 1, "Fake 1.0"), sink.ExpectMsg<WelcomeEvent>(Wait));

        // Two frames in one write.
        await server.WriteAsync("""{"type":"history","room":"lobby","messages":[]}""" + "\n" + JoinedFrame + "\r\n");
        Assert.Equal("lobby", sink.ExpectMsg<HistoryEvent>(Wait).Room);
        Assert.Equal(new JoinedEvent("lobby", "alice", 1), sink.ExpectMsg<JoinedEvent>(Wait));

        // One frame in two writes, cut inside a multi-byte character; the first half alone delivers nothing.
        var message = """{"type":"message","id":3,"room":"lobby","from":"bob","text":"héllo","time":"2026-11-25T11:02:03.123Z"}""" + "\n";
        var bytes = System.Text.Encoding.UTF8.GetBytes(message);
        var cut = Array.IndexOf(bytes, (byte)0xC3) + 1;
        await server.WriteAsync(System.Text.Encoding.UTF8.GetString(bytes, 0, cut - 1));
        await server.WriteRawAsync(bytes.AsMemory(cut - 1, 1));
        sink.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        await server.WriteRawAsync(bytes.AsMemory(cut));

        var received = sink.ExpectMsg<ChatMessage>(Wait);
        Assert.Equal(("bob", "héllo", "lobby", 3L), (received.From, received.Text, received.Room, received.Id));
    }

    [Fact]
    public async Task Writes_each_request_as_one_json_line()
    {
        var (server, _, connection) = await ConnectAsync();
        await using var _server = server;

        connection.Tell(new SayRequest("hi\nthere", "dev") { Id = RequestRef.Of("m1") });
        connection.Tell(new DmRequest("bob", "psst"));

        var say = JObject.Parse((await server.ReadLineAsync())!);
        Assert.Equal(("say", "hi\nthere", "dev", "m1"), ((string?)say["type"], (string?)say["text"], (string?)say["room"], (string?)say["id"]));
        var dm = JObject.Parse((await server.ReadLineAsync())!);
        Assert.Equal(("dm", "bob", "psst"), ((string?)dm["type"], (string?)dm["to"], (string?)dm["text"]));
    }

    [Fact]
    public async Task Reports_an_unreadable_frame_and_keeps_going()
    {
        var (server, sink, _) = await ConnectAsync();
        await using var _server = server;

        await server.WriteAsync("this is not json\n" + """{"type":"pong"}""" + "\n");
        Assert.Equal(ErrorCodes.BadJson, sink.ExpectMsg<UnreadableFrame>(Wait).Error.Code);
        sink.ExpectMsg<PongEvent>(Wait);
    }

    [Fact]
    public async Task Pings_on_its_timer()
    {
        var (server, _, _) = await ConnectAsync(pingInterval: TimeSpan.FromMilliseconds(100));
        await using var _server = server;

        Assert.Equal("""{"type":"ping"}""", await server.ReadLineAsync());
        Assert.Equal("""{"type":"ping"}""", await server.ReadLineAsync());
    }

    [Fact]
    public async Task Reports_the_servers_close_with_the_bye_reason_and_stops()
    {
        var (server, sink, connection) = await ConnectAsync();
        await using var _server = server;
        Watch(connection);

        connection.Tell(new QuitRequest());
        Assert.Equal("""{"type":"quit"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"bye","reason":"quit"}""" + "\n");
        server.CloseConnection();

        Assert.Equal("quit", sink.ExpectMsg<ByeEvent>(Wait).Reason);
        var ended = sink.ExpectMsg<ConnectionEnded>(Wait);
        Assert.Equal((ConnectionEndKind.ClosedByServer, "quit"), (ended.Kind, ended.ByeReason));
        ExpectTerminated(connection, Wait);
    }

    [Fact]
    public async Task Reports_a_close_without_bye_with_no_reason()
    {
        var (server, sink, _) = await ConnectAsync();
        await using var _server = server;

        server.CloseConnection();
        var ended = sink.ExpectMsg<ConnectionEnded>(Wait);
        Assert.Equal(ConnectionEndKind.ClosedByServer, ended.Kind);
        Assert.Null(ended.ByeReason);
    }

    [Fact]
    public async Task Closes_when_asked()
    {
        var (server, sink, connection) = await ConnectAsync();
        await using var _server = server;

        connection.Tell(CloseConnection.Instance);
        Assert.Equal(ConnectionEndKind.ClosedByClient, sink.ExpectMsg<ConnectionEnded>(Wait).Kind);
        Assert.Null(await server.ReadLineAsync()); // the server sees end of stream
    }

    [Fact]
    public void Reports_a_failed_connect()
    {
        var sink = CreateTestProbe();
        var connection = Sys.ActorOf(ChatConnection.Props(FakeChatServer.UnusedEndPoint(), sink.Ref));
        Watch(connection);
        connection.Tell(new LoginRequest("alice"));

        Assert.Equal(ConnectionEndKind.ConnectFailed, sink.ExpectMsg<ConnectionEnded>(Wait).Kind);
        ExpectTerminated(connection, Wait);
    }
}
