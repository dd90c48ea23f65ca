using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Delivery;
using ActorChat.Server.Metrics;
using ActorChat.Server.Network;
using ActorChat.Server.Rooms;
using ActorChat.Server.Transport.AkkaIo;
using ActorChat.Server.Users;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Network;

/// <summary>
/// How a session ends, without its actor: probes play the connection (Akka.IO's), the rooms and
/// the user directory.
/// </summary>
public sealed class SessionEndTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestProbe _connection;
    private readonly TestProbe _rooms;
    private readonly TestProbe _users;
    private readonly RequestReader _reader = new(new ServerLimits());
    private readonly ConnectionWriter _writer;
    private readonly ChatRequestRouter _router;
    private readonly SessionLogin _login;
    private readonly SessionEnd _end;

    public SessionEndTests()
    {
        _connection = CreateTestProbe("connection");
        _rooms = CreateTestProbe("rooms");
        _users = CreateTestProbe("users");
        var limits = new ServerLimits();
        _writer = new ConnectionWriter(new AkkaIoConnection(_connection), ActorRefs.Nobody, 4096);
        _router = new ChatRequestRouter(_rooms, _users, _rooms, limits, _rooms.Port(), "127.0.0.1");
        _login = new SessionLogin(limits, _users, "127.0.0.1", ChatMetrics.Of(Sys));
        _end = new SessionEnd(_reader, _writer, _router, _login, ChatMetrics.Of(Sys));
    }

    /// <summary>Alice holds her name and is in the lobby.</summary>
    private void LoggedIn()
    {
        _login.Login(new LoginRequest("alice"));
        _users.ExpectMsg<ClaimName>();
        _login.Claimed(new NameClaimed("alice"), ActorRefs.Nobody, new RecordingWatcher());
        _router.Join(ProtocolInfo.Lobby, "alice", null);
        _rooms.ExpectMsg<JoinRoom>();
    }

    private List<ServerEvent> ExpectWrite() => Frames.DecodeAll(_connection.ExpectMsg<Tcp.Write>().Data);

    [Fact]
    public void A_session_ends_once_with_its_bye_then_the_close_its_rooms_left_and_its_name_freed()
    {
        LoggedIn();
        Assert.True(_end.Begin(ByeReasons.Quit, RequestRef.Of("q")));
        Assert.False(_end.Begin(ByeReasons.Idle, null));

        Assert.Equal([new ByeEvent(ByeReasons.Quit) { Ref = "q" }], ExpectWrite());
        _connection.ExpectMsg<Tcp.ConfirmedClose>();
        _rooms.ExpectMsg(new LeaveRoom(ProtocolInfo.Lobby, "alice", ByeReasons.Quit, null, TellLeaver: false));
        _users.ExpectMsg<ReleaseName>();
        Assert.Equal(ByeReasons.Quit, _end.Reason);

        // stopping after the end: the first reason stands; the rooms are left already, the name released again
        Assert.Equal(ByeReasons.Quit, _end.Stopped());
        _users.ExpectMsg<ReleaseName>();
        _writer.TryWrite(WireFrames.Of(new PongEvent()));
        _connection.ExpectNoMsg(TimeSpan.Zero); // the second Begin wrote no bye, nothing is written after the close
        _rooms.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Frames_not_handled_yet_are_dropped_at_the_end()
    {
        _reader.Feed(Frames.Request(new PingRequest()).ToReadOnlySpan());
        _end.Begin(ByeReasons.Shutdown, null);
        Assert.False(_reader.TryTake(out _));
    }

    [Fact]
    public void A_slow_consumer_s_bye_goes_instead_of_what_is_queued()
    {
        _writer.TryWrite(WireFrames.Of(new PongEvent { Ref = 1 })); // in flight, never acknowledged
        _writer.TryWrite(WireFrames.Of(new PongEvent { Ref = 2 })); // queued
        _end.Begin(ByeReasons.SlowConsumer, null);

        Assert.Equal([new PongEvent { Ref = 1 }], ExpectWrite());
        Assert.Equal([new ByeEvent(ByeReasons.SlowConsumer)], ExpectWrite());
        _connection.ExpectMsg<Tcp.ConfirmedClose>();
    }

    [Fact]
    public void A_session_that_stops_without_ending_leaves_as_disconnected_and_a_guest_without_a_name_frees_none()
    {
        Assert.Equal(LeftReasons.Disconnected, _end.Stopped());
        Assert.Null(_end.Reason);
        LoggedIn(); // the directory heard nothing before this claim

        Assert.Equal(LeftReasons.Disconnected, _end.Stopped());
        _rooms.ExpectMsg(new LeaveRoom(ProtocolInfo.Lobby, "alice", LeftReasons.Disconnected, null, TellLeaver: false));
        _users.ExpectMsg<ReleaseName>();
        _connection.ExpectNoMsg(TimeSpan.Zero); // no bye: the connection has ended
    }
}
