using System.Net;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Delivery;
using ActorChat.Server.Network;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using ActorChat.Tests.Support;
using ActorChat.Server.Transport;
using ActorChat.Server.Transport.AkkaIo;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Network;

/// <summary>
/// The session with probes around it: the probe <c>_connection</c> plays Akka.IO's
/// connection actor (it receives Register, Write, Close and acknowledges writes).
/// </summary>
public sealed class ClientSessionTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestProbe _connection;
    private readonly TestProbe _users;
    private readonly TestProbe _rooms;
    private readonly TestProbe _stats;
    private readonly TestProbe _node;

    public ClientSessionTests()
    {
        _node = CreateTestProbe("node");
        _connection = CreateTestProbe("connection");
        _users = CreateTestProbe("users");
        _rooms = CreateTestProbe("rooms");
        _stats = CreateTestProbe("stats");
    }

    private IActorRef StartSession(ServerLimits? limits = null)
    {
        var session = Sys.ActorOf(ClientSession.Props(new AkkaIoConnection(_connection), new IPEndPoint(IPAddress.Loopback, 5555),
            limits ?? new ServerLimits { ClientIdle = TimeSpan.Zero }, new SessionRoutes(_users, _rooms, _node, _node, _stats)));
        _connection.ExpectMsg<Tcp.Register>(r => Assert.Equal(session, r.Handler));
        return session;
    }

    private static void Receive(IActorRef session, ByteString bytes) => session.Tell(new Tcp.Received(bytes));

    /// <summary>Expects one write, acknowledges it, and returns the events in it.</summary>
    private List<ServerEvent> ExpectWrite()
    {
        var write = _connection.ExpectMsg<Tcp.Write>();
        Assert.Same(WriteAck.Instance, write.Ack);
        _connection.Reply(write.Ack);
        return Frames.DecodeAll(write.Data);
    }

    private T ExpectWritten<T>() where T : ServerEvent => Assert.IsType<T>(ExpectWrite().Single());

    /// <summary>A join carries the session's port: its connection, in its name, on its node.</summary>
    private void ExpectJoin(IActorRef session, string room, string user, RequestRef? reference) =>
        _rooms.ExpectMsg(new JoinRoom(room, user, reference, Port(session)));

    private MemberPort Port(IActorRef session) => new(new AkkaIoConnection(_connection), session, _node);

    private IActorRef LoggedIn(string name = "alice", ServerLimits? limits = null)
    {
        var session = StartSession(limits);
        Receive(session, Frames.Request(new LoginRequest(name) { Id = "l" }));
        _users.ExpectMsg(ClaimName.Guest(name, "127.0.0.1"));
        _users.Reply(new NameClaimed(name));
        var welcome = ExpectWritten<WelcomeEvent>();
        Assert.Equal((name, ProtocolInfo.Version, RequestRef.Of("l")), (welcome.Name, welcome.Protocol, welcome.Ref));
        ExpectJoin(session, ProtocolInfo.Lobby, name, null);
        return session;
    }

    [Fact]
    public void Requests_before_login_get_not_logged_in_and_the_connection_stays()
    {
        var session = StartSession();
        Receive(session, Frames.Request(new SayRequest("hi") { Id = 1 }));
        var error = ExpectWritten<ErrorEvent>();
        Assert.Equal((ErrorCodes.NotLoggedIn, RequestRef.Of(1)), (error.Code, error.Ref));
        Receive(session, Frames.Request(new PingRequest()));
        Assert.Equal(ErrorCodes.NotLoggedIn, ExpectWritten<ErrorEvent>().Code);
        _users.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Login_claims_the_name_then_welcomes_and_joins_the_lobby()
    {
        LoggedIn("alice");
    }

    [Fact]
    public void An_invalid_or_taken_name_is_refused_and_login_may_be_retried()
    {
        var session = StartSession();
        Receive(session, Frames.Request(new LoginRequest("no spaces") { Id = "a" }));
        Assert.Equal(ErrorCodes.InvalidName, ExpectWritten<ErrorEvent>().Code);

        Receive(session, Frames.Request(new LoginRequest("alice") { Id = "b" }));
        _users.ExpectMsg(ClaimName.Guest("alice", "127.0.0.1"));
        _users.Reply(new NameRefused(ErrorCodes.NameTaken, "taken"));
        var refused = ExpectWritten<ErrorEvent>();
        Assert.Equal((ErrorCodes.NameTaken, RequestRef.Of("b")), (refused.Code, refused.Ref));

        Receive(session, Frames.Request(new LoginRequest("alice2")));
        _users.ExpectMsg(ClaimName.Guest("alice2", "127.0.0.1"));
    }

    [Fact]
    public void Frames_pipelined_after_login_wait_for_the_name_and_are_then_handled()
    {
        var session = StartSession();
        Receive(session, Frames.Raw("{\"type\":\"login\",\"name\":\"bob\"}\n{\"type\":\"ping\",\"id\":7}\n"));
        _users.ExpectMsg(ClaimName.Guest("bob", "127.0.0.1"));
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the ping waits
        _users.Reply(new NameClaimed("bob"));
        var written = ExpectWrite();
        Assert.IsType<WelcomeEvent>(written[0]);
        if (written.Count == 1) written.AddRange(ExpectWrite());
        Assert.Equal(new PongEvent { Ref = 7 }, written[1]);
    }

    [Fact]
    public void A_frame_split_across_reads_and_frames_joined_in_one_read_decode_the_same()
    {
        var session = LoggedIn();
        Receive(session, Frames.Raw("{\"type\":\"pi"));
        Receive(session, Frames.Raw("ng\",\"id\":1}\r\n\n{\"type\":\"ping\",\"id\":2}\n{\"type\":\"ping\",\"id\":3}\n"));
        var events = new List<ServerEvent>();
        while (events.Count < 3) events.AddRange(ExpectWrite());
        Assert.Equal([new PongEvent { Ref = 1 }, new PongEvent { Ref = 2 }, new PongEvent { Ref = 3 }], events);
    }

    [Fact]
    public void Say_goes_to_the_room_and_room_frames_are_written_as_they_are()
    {
        var session = LoggedIn();
        Receive(session, Frames.Request(new SayRequest("hello") { Id = "m" }));
        _rooms.ExpectMsg(new PostMessage("lobby", "hello", "m", "alice", Port(session)));

        var frame = Deliver.Of(ChatMessage.InRoom(1, "lobby", "alice", "hello", DateTime.UtcNow));
        session.Tell(frame);
        var write = _connection.ExpectMsg<Tcp.Write>();
        Assert.Equal(frame.Frames, write.Data.ToArray());
    }

    [Theory]
    [InlineData("{\"type\":\"say\",\"text\":\"\",\"id\":1}", ErrorCodes.InvalidText)]
    [InlineData("{\"type\":\"say\",\"text\":\"bell\\u0007\",\"id\":1}", ErrorCodes.InvalidText)]
    [InlineData("{\"type\":\"say\",\"text\":\"hi\",\"room\":\"nope\",\"id\":1}", ErrorCodes.NotInRoom)]
    [InlineData("{\"type\":\"say\",\"text\":\"hi\",\"room\":\"bad room\",\"id\":1}", ErrorCodes.InvalidRoom)]
    [InlineData("{\"type\":\"join\",\"room\":\"\",\"id\":1}", ErrorCodes.InvalidRoom)]
    [InlineData("{\"type\":\"leave\",\"room\":\"dev\",\"id\":1}", ErrorCodes.NotInRoom)]
    [InlineData("{\"type\":\"login\",\"name\":\"again\",\"id\":1}", ErrorCodes.AlreadyLoggedIn)]
    [InlineData("{\"type\":\"dance\",\"id\":1}", ErrorCodes.UnknownType)]
    [InlineData("{\"type\":\"say\",\"text\":5,\"id\":1}", ErrorCodes.BadRequest)]
    public void Bad_requests_get_their_error_with_ref_and_the_session_carries_on(string frame, string code)
    {
        var session = LoggedIn();
        Receive(session, Frames.Raw(frame + "\n"));
        var error = ExpectWritten<ErrorEvent>();
        Assert.Equal((code, RequestRef.Of(1)), (error.Code, error.Ref));
        Receive(session, Frames.Request(new PingRequest()));
        Assert.IsType<PongEvent>(ExpectWrite().Single());
    }

    [Fact]
    public void Bad_json_and_oversized_frames_get_errors_and_the_session_carries_on()
    {
        var session = LoggedIn(limits: new ServerLimits { ClientIdle = TimeSpan.Zero, MaxFrameBytes = 100 });
        Receive(session, Frames.Raw("{not json\n"));
        Assert.Equal(ErrorCodes.BadJson, ExpectWritten<ErrorEvent>().Code);
        Receive(session, ByteString.FromBytes([0xC3, 0x28, (byte)'\n']));
        Assert.Equal(ErrorCodes.BadJson, ExpectWritten<ErrorEvent>().Code);
        Receive(session, Frames.Raw(new string('x', 150)));
        Assert.Equal(ErrorCodes.FrameTooLarge, ExpectWritten<ErrorEvent>().Code);
        Receive(session, Frames.Raw(new string('x', 150) + "\n{\"type\":\"ping\"}\n"));
        Assert.IsType<PongEvent>(ExpectWrite().Single());
    }

    [Fact]
    public void Join_and_queries_go_to_the_rooms_with_their_ref_and_the_room_list_to_the_node()
    {
        var session = LoggedIn();
        Receive(session, Frames.Request(new JoinRequest("Dev") { Id = 1 }));
        ExpectJoin(session, "Dev", "alice", 1);
        Receive(session, Frames.Request(new WhoRequest("dev") { Id = 2 }));
        _rooms.ExpectMsg(new WhoQuery("dev", 2));
        Receive(session, Frames.Request(new RoomsRequest { Id = 3 }));
        _node.ExpectMsg(new ListRooms(3));
        Receive(session, Frames.Request(new HistoryRequest("dev", Before: 10, Limit: 1000) { Id = 4 }));
        _rooms.ExpectMsg(new HistoryQuery("dev", 10, ProtocolInfo.MaxHistoryLimit, 4)); // clamped
        Receive(session, Frames.Request(new DmRequest("bob", "psst") { Id = 5 }));
        _users.ExpectMsg(new SendDirect("bob", "psst", 5));
    }

    [Fact]
    public void Stats_goes_to_the_stats_actor_which_answers_the_session()
    {
        var session = LoggedIn();
        Receive(session, Frames.Request(new StatsRequest { Id = "s" }));
        _stats.ExpectMsg(new ServerStats.Query("s"));
        Assert.Equal(session, _stats.LastSender);
        _stats.Reply(Deliver.Of(new StatsEvent(1, 1, 1, 0) { Ref = "s" }));
        Assert.Equal(new StatsEvent(1, 1, 1, 0) { Ref = "s" }, ExpectWritten<StatsEvent>());
    }

    [Fact]
    public void Without_a_stats_actor_stats_is_unavailable()
    {
        var router = new ChatRequestRouter(ActorRefs.Nobody, ActorRefs.Nobody, ActorRefs.Nobody, new ServerLimits(), new MemberPort(new AkkaIoConnection(ActorRefs.Nobody), ActorRefs.Nobody, ActorRefs.Nobody), "127.0.0.1");
        Assert.True(router.TryRoute(new StatsRequest { Id = 2 }, "alice", false, out var error));
        Assert.Equal((ErrorCodes.Unavailable, RequestRef.Of(2)), (error?.Code, error?.Ref));
    }

    [Fact]
    public void Say_right_after_join_goes_the_same_way_as_the_join_and_is_refused_only_for_rooms_not_joined()
    {
        var session = LoggedIn();
        Receive(session, Frames.Raw("{\"type\":\"join\",\"room\":\"dev\"}\n{\"type\":\"say\",\"room\":\"dev\",\"text\":\"hi\"}\n"));
        _rooms.ExpectMsg<JoinRoom>();
        _rooms.ExpectMsg(new PostMessage("dev", "hi", null, "alice", Port(session)));

        Receive(session, Frames.Request(new LeaveRequest("dev") { Id = 1 }));
        _rooms.ExpectMsg(new LeaveRoom("dev", "alice", LeftReasons.Leave, 1));
        Receive(session, Frames.Request(new SayRequest("gone", "dev") { Id = 2 }));
        Assert.Equal(ErrorCodes.NotInRoom, ExpectWritten<ErrorEvent>().Code);
        _rooms.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_session_restores_itself_into_a_room_that_moved_only_while_it_is_in_it()
    {
        var session = LoggedIn();
        session.Tell(new RoomMoved("Lobby", 41));
        _rooms.ExpectMsg(new RestoreMember("Lobby", "alice", Port(session), 41));

        Receive(session, Frames.Request(new LeaveRequest(ProtocolInfo.Lobby)));
        _rooms.ExpectMsg<LeaveRoom>();
        session.Tell(new RoomMoved(ProtocolInfo.Lobby, 42));
        _rooms.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Quit_says_bye_with_ref_leaves_the_rooms_frees_the_name_and_closes()
    {
        var session = LoggedIn();
        Receive(session, Frames.Request(new QuitRequest { Id = "q" }));
        Assert.Equal(new ByeEvent(ByeReasons.Quit) { Ref = "q" }, ExpectWritten<ByeEvent>());
        _rooms.ExpectMsg(new LeaveRoom(ProtocolInfo.Lobby, "alice", ByeReasons.Quit, null, TellLeaver: false)); // the lobby is _rooms here
        _users.ExpectMsg<ReleaseName>();
        _connection.ExpectMsg<Tcp.ConfirmedClose>();
        Watch(session);
        session.Tell(Tcp.Closed.Instance);
        ExpectTerminated(session);
    }

    [Fact]
    public void Requests_read_together_with_a_quit_but_after_it_are_not_carried_out()
    {
        var session = LoggedIn();
        Receive(session, Frames.Request(new QuitRequest { Id = "q" }).Concat(Frames.Request(new SayRequest("after quit") { Id = 2 })));
        Assert.Equal(new ByeEvent(ByeReasons.Quit) { Ref = "q" }, ExpectWritten<ByeEvent>());
        _rooms.ExpectMsg(new LeaveRoom(ProtocolInfo.Lobby, "alice", ByeReasons.Quit, null, TellLeaver: false));
        _users.ExpectMsg<ReleaseName>();
        _connection.ExpectMsg<Tcp.ConfirmedClose>();
        _rooms.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no PostMessage for the say after the quit
    }

    [Fact]
    public void A_client_that_sends_nothing_for_the_idle_time_gets_bye_idle()
    {
        var session = StartSession(new ServerLimits { ClientIdle = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(new ByeEvent(ByeReasons.Idle), ExpectWritten<ByeEvent>());
        _connection.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void A_connection_that_does_not_log_in_in_time_gets_bye_idle()
    {
        StartSession(new ServerLimits { ClientIdle = TimeSpan.Zero, LoginTimeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(new ByeEvent(ByeReasons.Idle), ExpectWritten<ByeEvent>());
        _connection.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void The_login_timeout_stops_counting_once_logged_in()
    {
        LoggedIn(limits: new ServerLimits { ClientIdle = TimeSpan.Zero, LoginTimeout = TimeSpan.FromMilliseconds(300) });
        _connection.ExpectNoMsg(TimeSpan.FromMilliseconds(600));
    }

    [Fact]
    public void Requests_over_the_rate_get_rate_limited_and_a_flood_gets_bye_flood()
    {
        var clock = new ManualClock();
        var limits = new ServerLimits { ClientIdle = TimeSpan.Zero, RatePerSecond = 1, RateBurst = 2, FloodStrikes = 3, Clock = clock };
        var session = LoggedIn(limits: limits); // the login took one token
        var events = new List<ServerEvent>();
        Receive(session, Frames.Raw(string.Concat(Enumerable.Range(0, 10).Select(i => $"{{\"type\":\"ping\",\"id\":{i}}}\n"))));
        while (events.OfType<ByeEvent>().FirstOrDefault() is null) events.AddRange(ExpectWrite());

        Assert.Equal([new PongEvent { Ref = 0 }], events.OfType<PongEvent>());
        Assert.Equal(new long?[] { 1, 2, 3, 4 }, events.OfType<ErrorEvent>().Select(e => (long?)e.Ref!.Number));
        Assert.All(events.OfType<ErrorEvent>(), e => Assert.Equal(ErrorCodes.RateLimited, e.Code));
        Assert.Equal(ByeReasons.Flood, events.OfType<ByeEvent>().Single().Reason);
    }

    [Fact]
    public void A_client_that_stops_reading_is_dropped_as_slow_consumer_and_aborted()
    {
        var limits = new ServerLimits { ClientIdle = TimeSpan.Zero, MaxPendingWriteBytes = 4096, CloseGrace = TimeSpan.FromMilliseconds(300) };
        var session = LoggedIn(limits: limits);
        var frame = Deliver.Of(ChatMessage.InRoom(1, "lobby", "bob", new string('x', 1000), DateTime.UtcNow));

        // The first write is never acknowledged: the client's socket is full.
        session.Tell(frame);
        _connection.ExpectMsg<Tcp.Write>();
        for (var i = 0; i < 5; i++) session.Tell(frame);

        _rooms.ExpectMsg(new LeaveRoom(ProtocolInfo.Lobby, "alice", ByeReasons.SlowConsumer, null, TellLeaver: false));
        // The bye behind the write in flight (the queued frames dropped), the close right behind it;
        // the client never reads them, so the grace ends in an abort.
        Assert.Equal(new ByeEvent(ByeReasons.SlowConsumer), Assert.IsType<ByeEvent>(Frames.DecodeAll(_connection.ExpectMsg<Tcp.Write>().Data).Single()));
        _connection.ExpectMsg<Tcp.ConfirmedClose>();
        _connection.ExpectMsg<Tcp.Abort>();
    }

    [Fact]
    public void A_client_whose_connection_refuses_a_rooms_write_is_dropped_as_slow_consumer()
    {
        var limits = new ServerLimits { ClientIdle = TimeSpan.Zero, CloseGrace = TimeSpan.FromMilliseconds(300) };
        var session = LoggedIn(limits: limits);

        // a room's write went straight to the connection, whose queue was full: it fails back to the session
        session.Tell(new Tcp.CommandFailed(Tcp.Write.Create(ByteString.FromString("x\n"))));

        _rooms.ExpectMsg(new LeaveRoom(ProtocolInfo.Lobby, "alice", ByeReasons.SlowConsumer, null, TellLeaver: false));
        Assert.Equal(new ByeEvent(ByeReasons.SlowConsumer), Assert.IsType<ByeEvent>(Frames.DecodeAll(_connection.ExpectMsg<Tcp.Write>().Data).Single()));
        _connection.ExpectMsg<Tcp.ConfirmedClose>();
        _connection.ExpectMsg<Tcp.Abort>(); // a client that does not read never lets the close finish
    }

    [Fact]
    public void Server_shutdown_says_bye_shutdown()
    {
        var session = LoggedIn();
        session.Tell(ServerStopping.Instance);
        Assert.Equal(new ByeEvent(ByeReasons.Shutdown), ExpectWritten<ByeEvent>());
        _connection.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void A_peer_that_closes_leaves_its_rooms_as_disconnected()
    {
        var session = LoggedIn();
        Watch(session);
        session.Tell(Tcp.PeerClosed.Instance);
        _rooms.ExpectMsg(new LeaveRoom(ProtocolInfo.Lobby, "alice", LeftReasons.Disconnected, null, TellLeaver: false));
        _users.ExpectMsg<ReleaseName>();
        ExpectTerminated(session);
    }
}
