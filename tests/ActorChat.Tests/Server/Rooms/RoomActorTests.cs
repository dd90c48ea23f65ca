using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Delivery;
using ActorChat.Server.Rooms;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Rooms;

public sealed class RoomActorTests : StoreTestKit
{
    private readonly TestProbe _registry;
    private readonly IActorRef _room;

    public RoomActorTests()
    {
        _registry = CreateTestProbe();
        _room = Sys.ActorOf(RoomActor.Props("dev", "dev", new ServerLimits { RoomHistorySize = 5, JoinHistoryCount = 3 }, _registry, Messages));
    }

    /// <summary>Joins and consumes what the joiner gets: RoomJoined, history, its own joined.</summary>
    private TestProbe Join(string name, int expectedMembers, params TestProbe[] others)
    {
        var member = CreateTestProbe(name);
        _room.Tell(new JoinRoom("dev", name, "j-" + name, member.Port()), member);
        member.ExpectMsg<RoomJoined>(j => Assert.Equal(("dev", _room), (j.Key, j.Room)));
        member.ExpectFrame().As<HistoryEvent>();
        var joined = member.ExpectFrame().As<JoinedEvent>();
        Assert.Equal(new JoinedEvent("dev", name, expectedMembers) { Ref = "j-" + name }, joined);
        foreach (var other in others)
            Assert.Equal(new JoinedEvent("dev", name, expectedMembers), other.ExpectFrame().As<JoinedEvent>());
        _registry.ExpectMsg(new RoomMembersChanged("dev", expectedMembers));
        return member;
    }

    [Fact]
    public void Every_member_sees_joins_with_the_count()
    {
        var alice = Join("alice", 1);
        var bob = Join("bob", 2, alice);
        Join("carol", 3, alice, bob);
    }

    [Fact]
    public void Every_member_receives_the_messages_in_one_order_and_the_sender_gets_its_ref()
    {
        var alice = Join("alice", 1);
        var bob = Join("bob", 2, alice);
        for (var i = 0; i < 20; i++)
        {
            _room.Tell(new PostMessage($"a{i}", $"ra{i}"), alice);
            _room.Tell(new PostMessage($"b{i}", null), bob);
        }

        var seenByAlice = alice.ExpectEvents<ChatMessage>(40);
        var seenByBob = bob.ExpectEvents<ChatMessage>(40);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), seenByAlice.Select(m => m.Id));
        Assert.Equal(seenByAlice.Select(m => (m.Id, m.Text, m.From)), seenByBob.Select(m => (m.Id, m.Text, m.From)));
        Assert.All(seenByAlice.Where(m => m.From == "alice"), m => Assert.Equal(RequestRef.Of("ra" + m.Text[1..]), m.Ref));
        Assert.All(seenByBob, m => Assert.Null(m.Ref));
    }

    [Fact]
    public void A_joiner_gets_the_recent_history_oldest_first()
    {
        var alice = Join("alice", 1);
        for (var i = 1; i <= 7; i++) _room.Tell(new PostMessage($"m{i}", null), alice);
        alice.ExpectEvents<ChatMessage>(7);

        var bob = CreateTestProbe();
        _room.Tell(new JoinRoom("dev", "bob", null, bob.Port()), bob);
        bob.ExpectMsg<RoomJoined>();
        var history = bob.ExpectFrame().As<HistoryEvent>();
        Assert.Equal(["m5", "m6", "m7"], history.Messages.Select(m => m.Text)); // JoinHistoryCount = 3
    }

    [Fact]
    public void History_queries_page_through_the_kept_messages()
    {
        var alice = Join("alice", 1);
        for (var i = 1; i <= 7; i++) _room.Tell(new PostMessage($"m{i}", null), alice);
        alice.ExpectEvents<ChatMessage>(7);

        _room.Tell(new HistoryQuery("dev", Before: 6, Limit: 2, Ref: "h"), alice);
        var page = alice.ExpectFrame().As<HistoryEvent>();
        Assert.Equal(new long[] { 4, 5 }, page.Messages.Select(m => m.Id));
        Assert.Equal(RequestRef.Of("h"), page.Ref);
    }

    [Fact]
    public void A_non_member_posting_gets_not_in_room()
    {
        var stranger = CreateTestProbe();
        _room.Tell(new PostMessage("hi", 5), stranger);
        var error = stranger.ExpectFrame().As<ErrorEvent>();
        Assert.Equal((ErrorCodes.NotInRoom, RequestRef.Of(5)), (error.Code, error.Ref));
    }

    [Fact]
    public void Leaving_tells_everyone_including_the_leaver_and_an_empty_room_says_so()
    {
        var alice = Join("alice", 1);
        var bob = Join("bob", 2, alice);

        _room.Tell(new LeaveRoom(LeftReasons.Leave, "bye"), bob);
        Assert.Equal(new LeftEvent("dev", "bob", 1, "leave"), alice.ExpectFrame().As<LeftEvent>());
        Assert.Equal(new LeftEvent("dev", "bob", 1, "leave") { Ref = "bye" }, bob.ExpectFrame().As<LeftEvent>());
        _registry.ExpectMsg(new RoomMembersChanged("dev", 1));

        _room.Tell(new LeaveRoom(ByeReasons.Quit, null), alice);
        _registry.ExpectMsg(new RoomMembersChanged("dev", 0));
        _registry.ExpectMsg(new RoomEmpty("dev", JoinsSeen: 2));
    }

    [Fact]
    public void A_member_whose_session_dies_leaves_as_disconnected()
    {
        var alice = Join("alice", 1);
        var bob = Join("bob", 2, alice);
        Watch(bob);
        bob.Tell(PoisonPill.Instance);
        ExpectTerminated(bob);
        Assert.Equal(new LeftEvent("dev", "bob", 1, LeftReasons.Disconnected), alice.ExpectFrame().As<LeftEvent>());
    }

    [Fact]
    public void Who_lists_the_members()
    {
        var alice = Join("alice", 1);
        Join("bob", 2, alice);
        _room.Tell(new WhoQuery("dev", 1), alice);
        Assert.Equal(new WhoEvent("dev", ["alice", "bob"]) { Ref = 1 }, alice.ExpectFrame().As<WhoEvent>());
    }
}
