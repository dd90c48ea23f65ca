using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Delivery;
using ActorChat.Server.Rooms;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Rooms;

public sealed class RoomRegistryTests : StoreTestKit
{
    private readonly IActorRef _registry;

    public RoomRegistryTests() => _registry = Sys.ActorOf(RoomRegistry.Props(new ServerLimits(), Messages));

    private IActorRef Join(TestProbe session, string room, string user)
    {
        _registry.Tell(new JoinRoom(room, user, null, session.Port()), session);
        var joined = session.ExpectMsg<RoomJoined>();
        session.ExpectFrame().As<HistoryEvent>();
        session.ExpectFrame().As<JoinedEvent>();
        return joined.Room;
    }

    private RoomsEvent Rooms(TestProbe session)
    {
        _registry.Tell(new ListRooms(null), session);
        return session.ExpectFrame().As<RoomsEvent>();
    }

    [Fact]
    public void Rooms_are_created_on_first_join_and_found_case_insensitively()
    {
        var alice = CreateTestProbe();
        var bob = CreateTestProbe();
        var first = Join(alice, "Dev", "alice");
        _registry.Tell(new JoinRoom("dev", "bob", null, bob.Port()), bob);
        Assert.Equal(first, bob.ExpectMsg<RoomJoined>().Room);
        Assert.Equal("Dev", bob.ExpectFrame().As<HistoryEvent>().Room); // shown as first created
    }

    [Fact]
    public void Rooms_lists_the_rooms_with_members_and_their_counts()
    {
        var alice = CreateTestProbe();
        var bob = CreateTestProbe();
        Assert.Empty(Rooms(alice).Rooms); // the lobby exists but is empty
        Join(alice, "lobby", "alice");
        Join(bob, "lobby", "bob");
        Join(bob, "dev", "bob");

        AwaitAssert(() => Assert.Equal(
            [new RoomSummary("dev", 1), new RoomSummary("lobby", 2)],
            Rooms(alice).Rooms));
    }

    [Fact]
    public void An_empty_room_stops_and_a_later_join_starts_it_afresh()
    {
        var alice = CreateTestProbe();
        var room = Join(alice, "dev", "alice");
        Watch(room);
        room.Tell(new LeaveRoom(LeftReasons.Leave, null), alice);
        alice.ExpectFrame().As<LeftEvent>();
        ExpectTerminated(room);

        var again = Join(alice, "dev", "alice");
        Assert.NotEqual(room, again);
        AwaitAssert(() => Assert.Equal(new RoomSummary("dev", 1), Rooms(alice).Rooms.Single(r => r.Name == "dev")));
    }

    [Fact]
    public void The_lobby_never_stops()
    {
        var alice = CreateTestProbe();
        var lobby = Join(alice, "lobby", "alice");
        Watch(lobby);
        lobby.Tell(new LeaveRoom(LeftReasons.Leave, null), alice);
        alice.ExpectFrame().As<LeftEvent>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(lobby, Join(alice, "lobby", "alice"));
    }

    [Fact]
    public void Queries_about_a_room_that_does_not_exist_answer_empty()
    {
        var alice = CreateTestProbe();
        _registry.Tell(new WhoQuery("nowhere", "w"), alice);
        Assert.Equal(new WhoEvent("nowhere", []) { Ref = "w" }, alice.ExpectFrame().As<WhoEvent>());
        _registry.Tell(new HistoryQuery("nowhere", null, 50, "h"), alice);
        Assert.Equal(new HistoryEvent("nowhere", []) { Ref = "h" }, alice.ExpectFrame().As<HistoryEvent>());
        _registry.Tell(new RouteToRoom("nowhere", new PostMessage("hi", "p")), alice);
        Assert.Equal(ErrorCodes.NotInRoom, alice.ExpectFrame().As<ErrorEvent>().Code);
    }

    [Fact]
    public void A_post_routed_right_after_a_join_arrives_after_it()
    {
        var alice = CreateTestProbe();
        _registry.Tell(new JoinRoom("dev", "alice", null, alice.Port()), alice);
        _registry.Tell(new RouteToRoom("dev", new PostMessage("first!", "p")), alice);
        alice.ExpectMsg<RoomJoined>();
        alice.ExpectFrame().As<HistoryEvent>();
        alice.ExpectFrame().As<JoinedEvent>();
        var message = alice.ExpectFrame().As<ChatMessage>();
        Assert.Equal(("first!", RequestRef.Of("p")), (message.Text, message.Ref));
    }
}
