using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Delivery;
using ActorChat.Server.Rooms;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Rooms;

public sealed class RoomActorTests : StoreTestKit
{
    private static readonly ServerLimits Limits = new() { RoomHistorySize = 5, JoinHistoryCount = 3 };

    /// <summary>Stands for the room's parent (the registry, or a shard): it hears the room ask to be passivated.</summary>
    private readonly TestProbe _parent;
    private readonly IActorRef _room;

    public RoomActorTests()
    {
        _parent = CreateTestProbe();
        _room = _parent.ChildActorOf(RoomActor.Props("dev", Limits, ActorRefs.Nobody, Messages));
    }

    /// <summary>Joins and consumes what the joiner gets: history, its own joined.</summary>
    private TestProbe Join(string name, int expectedMembers, params TestProbe[] others)
    {
        var member = CreateTestProbe(name);
        _room.Tell(new JoinRoom("dev", name, "j-" + name, member.Port()), member);
        member.ExpectFrame().As<HistoryEvent>();
        var joined = member.ExpectFrame().As<JoinedEvent>();
        Assert.Equal(new JoinedEvent("dev", name, expectedMembers) { Ref = "j-" + name }, joined);
        foreach (var other in others)
            Assert.Equal(new JoinedEvent("dev", name, expectedMembers), other.ExpectFrame().As<JoinedEvent>());
        return member;
    }

    private void Post(TestProbe member, string text, RequestRef? reference = null) =>
        _room.Tell(new PostMessage("dev", text, reference, member.Ref.Path.Name, member.Port()), member);

    [Fact]
    public void Every_member_sees_joins_with_the_count()
    {
        var alice = Join("alice", 1);
        var bob = Join("bob", 2, alice);
        Join("carol", 3, alice, bob);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_takeover_shows_left_replaced_then_joined_whether_the_old_leave_or_the_new_join_comes_first(bool joinFirst)
    {
        var old = Join("alice", 1);
        var bob = Join("bob", 2, old);
        var replacement = CreateTestProbe("alice2");
        var leave = new LeaveRoom("dev", "alice", ByeReasons.Replaced, null, TellLeaver: false);
        var join = new JoinRoom("dev", "Alice", null, replacement.Port()) { Replacing = true };

        if (!joinFirst) _room.Tell(leave, old);
        _room.Tell(join, replacement);
        if (joinFirst) _room.Tell(leave, old); // the old session's own leave, late: the room has replaced it already

        Assert.Equal(new LeftEvent("dev", "alice", 1, ByeReasons.Replaced), bob.ExpectFrame().As<LeftEvent>());
        Assert.Equal(new JoinedEvent("dev", "Alice", 2), bob.ExpectFrame().As<JoinedEvent>());
        replacement.ExpectFrame().As<HistoryEvent>();
        replacement.ExpectFrame().As<JoinedEvent>();
        _room.Tell(new WhoQuery("dev", "w"), bob);
        Assert.Equal(["Alice", "bob"], bob.ExpectFrame().As<WhoEvent>().Members);
    }

    [Fact]
    public void Every_member_receives_the_messages_in_one_order_and_the_sender_gets_its_ref()
    {
        var alice = Join("alice", 1);
        var bob = Join("bob", 2, alice);
        for (var i = 0; i < 20; i++)
        {
            Post(alice, $"a{i}", $"ra{i}");
            Post(bob, $"b{i}");
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
        for (var i = 1; i <= 7; i++) Post(alice, $"m{i}");
        alice.ExpectEvents<ChatMessage>(7);

        var bob = CreateTestProbe();
        _room.Tell(new JoinRoom("dev", "bob", null, bob.Port()), bob);
        var history = bob.ExpectFrame().As<HistoryEvent>();
        Assert.Equal(["m5", "m6", "m7"], history.Messages.Select(m => m.Text)); // JoinHistoryCount = 3
    }

    [Fact]
    public void History_queries_page_through_the_kept_messages()
    {
        var alice = Join("alice", 1);
        for (var i = 1; i <= 7; i++) Post(alice, $"m{i}");
        alice.ExpectEvents<ChatMessage>(7);

        _room.Tell(new HistoryQuery("dev", Before: 6, Limit: 2, Ref: "h"), alice);
        var page = alice.ExpectFrame().As<HistoryEvent>();
        Assert.Equal(new long[] { 4, 5 }, page.Messages.Select(m => m.Id));
        Assert.Equal(RequestRef.Of("h"), page.Ref);
    }

    [Fact]
    public void A_poster_this_incarnation_does_not_know_is_taken_back_as_a_member_without_a_join()
    {
        var alice = Join("alice", 1);
        var bob = CreateTestProbe("bob"); // a member of the room's earlier incarnation: its session only posts to rooms it is in
        Post(bob, "still here", 5);

        var mine = bob.ExpectFrame().As<ChatMessage>();
        Assert.Equal(("still here", "bob", RequestRef.Of(5)), (mine.Text, mine.From, mine.Ref));
        Assert.Equal("still here", alice.ExpectFrame().As<ChatMessage>().Text); // no joined before it

        Post(alice, "welcome back");
        Assert.Equal("welcome back", bob.ExpectFrame().As<ChatMessage>().Text);
    }

    [Fact]
    public void A_restored_member_gets_the_messages_it_missed_and_nobody_hears_a_join()
    {
        var alice = Join("alice", 1);
        for (var i = 1; i <= 4; i++) Post(alice, $"m{i}");
        alice.ExpectEvents<ChatMessage>(4);

        var bob = CreateTestProbe("bob");
        _room.Tell(new RestoreMember("dev", "bob", bob.Port(), AfterId: 2), bob);
        Assert.Equal(new long[] { 3, 4 }, bob.ExpectEvents<ChatMessage>(2).Select(m => m.Id));

        _room.Tell(new WhoQuery("dev", 1), alice);
        Assert.Equal(["alice", "bob"], alice.ExpectFrame().As<WhoEvent>().Members); // and not a joined frame first
    }

    [Fact]
    public void Leaving_tells_everyone_including_the_leaver_and_an_empty_room_asks_to_be_passivated()
    {
        var alice = Join("alice", 1);
        var bob = Join("bob", 2, alice);

        _room.Tell(new LeaveRoom("dev", "bob", LeftReasons.Leave, "bye"), bob);
        Assert.Equal(new LeftEvent("dev", "bob", 1, "leave"), alice.ExpectFrame().As<LeftEvent>());
        Assert.Equal(new LeftEvent("dev", "bob", 1, "leave") { Ref = "bye" }, bob.ExpectFrame().As<LeftEvent>());
        _parent.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        _room.Tell(new LeaveRoom("dev", "alice", ByeReasons.Quit, null), alice);
        Assert.Same(StopRoom.Instance, _parent.ExpectMsg<Passivate>().StopMessage);
    }

    [Fact]
    public void A_leave_that_reaches_a_new_incarnation_first_is_answered_as_done()
    {
        var bob = CreateTestProbe();
        _room.Tell(new LeaveRoom("dev", "bob", LeftReasons.Leave, "l"), bob);
        Assert.Equal(new LeftEvent("dev", "bob", 0, LeftReasons.Leave) { Ref = "l" }, bob.ExpectFrame().As<LeftEvent>());
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

    [Fact]
    public void A_join_after_the_room_asked_to_stop_is_served_and_its_node_hears_the_room_stopped_with_its_last_id()
    {
        var node = CreateTestProbe();
        var room = _parent.ChildActorOf(RoomActor.Props("ops", Limits, node, Messages));
        var alice = CreateTestProbe("alice");
        room.Tell(new JoinRoom("ops", "alice", null, alice.Port(node)), alice);
        node.ExpectMsg<MemberAdded>(added => Assert.Equal(("ops", "ops", alice.Ref), (added.RoomKey, added.RoomName, added.Port.Session)));
        room.Tell(new PostMessage("ops", "one", null, "alice", alice.Port(node)), alice);
        alice.ExpectFrame().As<HistoryEvent>();
        alice.ExpectFrame().As<JoinedEvent>();
        alice.ExpectFrame().As<ChatMessage>();
        room.Tell(new LeaveRoom("ops", "alice", LeftReasons.Leave, null), alice);
        node.ExpectMsg<MemberRemoved>();
        var passivate = _parent.ExpectMsg<Passivate>();

        var bob = CreateTestProbe("bob");
        room.Tell(new JoinRoom("ops", "bob", null, bob.Port(node)), bob); // was in the mailbox before the stop
        node.ExpectMsg<MemberAdded>();
        bob.ExpectFrame().As<HistoryEvent>();
        Watch(room);
        room.Tell(passivate.StopMessage);

        Assert.Equal(new RoomStopped("ops", 1), node.ExpectMsg<RoomStopped>());
        ExpectTerminated(room);
    }

    [Fact]
    public void Members_on_another_node_get_each_broadcast_through_their_node_once()
    {
        var otherNode = CreateTestProbe();
        var alice = Join("alice", 1);
        var bob = CreateTestProbe("bob");
        var carol = CreateTestProbe("carol");
        _room.Tell(new JoinRoom("dev", "bob", null, bob.Port(otherNode)), bob);
        _room.Tell(new JoinRoom("dev", "carol", null, carol.Port(otherNode)), carol);
        otherNode.ExpectMsg<MemberAdded>();
        otherNode.ExpectMsg<FramesToMember>(); // bob's history
        otherNode.ExpectMsg<FramesToRoomMembers>(); // bob's join, to bob (own copy)
        otherNode.ExpectMsg<MemberAdded>();
        otherNode.ExpectMsg<FramesToMember>();
        otherNode.ExpectMsg<FramesToRoomMembers>();
        alice.ExpectFrame().As<JoinedEvent>();
        alice.ExpectFrame().As<JoinedEvent>();

        Post(alice, "to everyone");
        var broadcast = otherNode.ExpectMsg<FramesToRoomMembers>();
        Assert.Equal("to everyone", Assert.IsType<ChatMessage>(Assert.Single(Frames.DecodeAll(broadcast.Shared))).Text);
        Assert.Empty(broadcast.Own);
        Assert.Equal(1, broadcast.UpToId);
        otherNode.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // once for the node, not once per member
        Assert.Equal("to everyone", alice.ExpectFrame().As<ChatMessage>().Text);

        _room.Tell(new PostMessage("dev", "from bob", "b1", "bob", bob.Port(otherNode)), bob);
        var own = otherNode.ExpectMsg<FramesToRoomMembers>();
        var bobsCopy = Assert.IsType<ChatMessage>(Assert.Single(Frames.DecodeAll(Assert.Single(own.Own).Frames)));
        Assert.Equal((bob.Ref, RequestRef.Of("b1")), (own.Own[0].Session, bobsCopy.Ref));
        Assert.Null(Assert.IsType<ChatMessage>(Assert.Single(Frames.DecodeAll(own.Shared))).Ref);
    }

    [Fact]
    public void A_post_re_sent_with_its_id_is_stored_once_and_only_the_poster_hears_of_it_again()
    {
        var alice = Join("alice", 1);
        var bob = Join("bob", 2, alice);
        Post(alice, "once", "p1");
        var first = alice.ExpectFrame().As<ChatMessage>();
        bob.ExpectFrame().As<ChatMessage>();

        var again = CreateTestProbe("alice-again"); // her new connection, after the old one was lost
        _room.Tell(new PostMessage("dev", "once", "p1", "alice", again.Port()), again);
        var answer = again.ExpectFrame().As<ChatMessage>();
        Assert.Equal((first.Id, first.Time, RequestRef.Of("p1")), (answer.Id, answer.Time, answer.Ref));

        Post(alice, "next");
        Assert.Equal("next", bob.ExpectFrame().As<ChatMessage>().Text); // "once" did not reach bob twice
    }
}
