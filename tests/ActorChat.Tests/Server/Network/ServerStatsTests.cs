using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Network;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Network;

/// <summary><c>stats</c>: the actor asks the listener, the user directory and the room registry (probes here) and answers the session.</summary>
public sealed class ServerStatsTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestProbe _listener;
    private readonly TestProbe _users;
    private readonly TestProbe _rooms;
    private readonly TestProbe _session;

    public ServerStatsTests()
    {
        _listener = CreateTestProbe("listener");
        _users = CreateTestProbe("users");
        _rooms = CreateTestProbe("rooms");
        _session = CreateTestProbe("session");
    }

    private IActorRef Stats(TimeSpan? timeout = null, bool knowsListener = true)
    {
        var stats = Sys.ActorOf(ServerStats.Props(_users, _rooms, timeout: timeout));
        if (knowsListener) stats.Tell(new ServerStats.CountSessionsAt(_listener));
        return stats;
    }

    [Fact]
    public void It_gathers_the_four_counts_and_answers_the_session_with_one_stats_frame()
    {
        Stats().Tell(new ServerStats.Query("s1"), _session);

        _listener.ExpectMsg<GetSessionCount>();
        _listener.Reply(3);
        _rooms.ExpectMsg<GetRoomCount>();
        _rooms.Reply(5);
        // the directory is asked twice: users, then conversations (each ask is its own temporary sender)
        _users.ExpectMsg<GetUserCount>();
        _users.Reply(2);
        _users.ExpectMsg<GetConversationCount>();
        _users.Reply(1);

        Assert.Equal(new StatsEvent(3, 2, 5, 1) { Ref = "s1" }, _session.ExpectMsg<Deliver>().As<StatsEvent>());
    }

    [Fact]
    public void A_count_that_does_not_come_makes_the_answer_unavailable()
    {
        Stats(TimeSpan.FromMilliseconds(300)).Tell(new ServerStats.Query(7), _session);
        _listener.ExpectMsg<GetSessionCount>();
        _listener.Reply(1);
        _users.ExpectMsg<GetUserCount>();
        _users.Reply(1);
        _users.ExpectMsg<GetConversationCount>();
        _users.Reply(0);
        _rooms.ExpectMsg<GetRoomCount>(); // and never answers

        var error = _session.ExpectMsg<Deliver>(TimeSpan.FromSeconds(10)).As<ErrorEvent>();
        Assert.Equal((ErrorCodes.Unavailable, RequestRef.Of(7)), (error.Code, error.Ref));
    }

    [Fact]
    public void Before_it_knows_the_listener_it_answers_unavailable()
    {
        Stats(knowsListener: false).Tell(new ServerStats.Query(null), _session);
        Assert.Equal(ErrorCodes.Unavailable, _session.ExpectMsg<Deliver>().As<ErrorEvent>().Code);
    }
}
