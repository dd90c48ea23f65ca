using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Delivery;
using ActorChat.Server.Rooms;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Rooms;

/// <summary>The single node's rooms, placed as a shard would place them: by key, started on demand, passivated when empty.</summary>
public sealed class RoomRegistryTests : StoreTestKit
{
    private readonly IActorRef _fanout;
    private readonly IActorRef _registry;

    public RoomRegistryTests()
    {
        _fanout = Sys.ActorOf(NodeFanout.Props());
        _registry = Sys.ActorOf(RoomRegistry.Props(new ServerLimits(), _fanout, Messages));
    }

    private void Join(TestProbe session, string room, string user)
    {
        _registry.Tell(new JoinRoom(room, user, null, session.Port(_fanout)), session);
        session.ExpectFrame().As<HistoryEvent>();
        session.ExpectFrame().As<JoinedEvent>();
    }

    private RoomsEvent Rooms(TestProbe session)
    {
        _fanout.Tell(new ListRooms(null), session);
        return session.ExpectFrame().As<RoomsEvent>();
    }

    private int RoomCount() => _registry.Ask<int>(GetRoomCount.Instance, TimeSpan.FromSeconds(3)).Result;

    [Fact]
    public void Rooms_are_created_on_first_join_and_found_case_insensitively()
    {
        var alice = CreateTestProbe();
        var bob = CreateTestProbe();
        Join(alice, "Dev", "alice");
        _registry.Tell(new JoinRoom("dev", "bob", null, bob.Port(_fanout)), bob);
        Assert.Equal("Dev", bob.ExpectFrame().As<HistoryEvent>().Room); // shown as first created
        Assert.Equal(new JoinedEvent("Dev", "bob", 2), bob.ExpectFrame().As<JoinedEvent>());
        Assert.Equal(1, RoomCount());
    }

    [Fact]
    public void Rooms_lists_the_rooms_with_members_and_their_counts()
    {
        var alice = CreateTestProbe();
        var bob = CreateTestProbe();
        Assert.Empty(Rooms(alice).Rooms);
        Join(alice, "lobby", "alice");
        Join(bob, "lobby", "bob");
        alice.ExpectFrame().As<JoinedEvent>();
        Join(bob, "dev", "bob");

        AwaitAssert(() => Assert.Equal(
            [new RoomSummary("dev", 1), new RoomSummary("lobby", 2)],
            Rooms(alice).Rooms));
    }

    [Fact]
    public void An_empty_room_stops_and_a_later_join_starts_it_afresh_from_the_store()
    {
        var alice = CreateTestProbe();
        Join(alice, "dev", "alice");
        _registry.Tell(new PostMessage("dev", "kept", null, "alice", alice.Port(_fanout)), alice);
        alice.ExpectFrame().As<ChatMessage>();
        _registry.Tell(new LeaveRoom("dev", "alice", LeftReasons.Leave, null), alice);
        alice.ExpectFrame().As<LeftEvent>();
        AwaitAssert(() => Assert.Equal(0, RoomCount()));

        _registry.Tell(new JoinRoom("dev", "alice", null, alice.Port(_fanout)), alice);
        Assert.Equal(["kept"], alice.ExpectFrame().As<HistoryEvent>().Messages.Select(m => m.Text));
        Assert.Equal(1, RoomCount());
    }

    [Fact]
    public void The_lobby_never_stops()
    {
        var alice = CreateTestProbe();
        Join(alice, "lobby", "alice");
        _registry.Tell(new LeaveRoom("lobby", "alice", LeftReasons.Leave, null), alice);
        alice.ExpectFrame().As<LeftEvent>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, RoomCount());
    }

    [Fact]
    public void Queries_about_a_room_nobody_is_in_answer_empty_and_leave_no_room_running()
    {
        var alice = CreateTestProbe();
        _registry.Tell(new WhoQuery("nowhere", "w"), alice);
        Assert.Equal(new WhoEvent("nowhere", []) { Ref = "w" }, alice.ExpectFrame().As<WhoEvent>());
        _registry.Tell(new HistoryQuery("nowhere", null, 50, "h"), alice);
        Assert.Equal(new HistoryEvent("nowhere", []) { Ref = "h" }, alice.ExpectFrame().As<HistoryEvent>());
        AwaitAssert(() => Assert.Equal(0, RoomCount()));
    }

    [Fact]
    public void A_post_right_after_a_join_arrives_after_it()
    {
        var alice = CreateTestProbe();
        _registry.Tell(new JoinRoom("dev", "alice", null, alice.Port(_fanout)), alice);
        _registry.Tell(new PostMessage("dev", "first!", "p", "alice", alice.Port(_fanout)), alice);
        alice.ExpectFrame().As<HistoryEvent>();
        alice.ExpectFrame().As<JoinedEvent>();
        var message = alice.ExpectFrame().As<ChatMessage>();
        Assert.Equal(("first!", RequestRef.Of("p")), (message.Text, message.Ref));
    }
}
