using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Delivery;
using ActorChat.Server.Rooms;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Rooms;

/// <summary>A room over a real SQLite file.</summary>
public sealed class SqlitePersistentRoomTests() : PersistentRoomTests(new TempStorage(), skipReason: null);

/// <summary>A room over a real PostgreSQL database (skipped, with the reason, where none is reachable).</summary>
public sealed class PostgresPersistentRoomTests() : PersistentRoomTests(
    TempStorage.Postgres(out var unavailable) ?? new TempStorage(), unavailable);

/// <summary>A room over a real store: what it acknowledged survives its end.</summary>
public abstract class PersistentRoomTests(TempStorage storage, string? skipReason) : StoreTestKit(storage)
{
    private static readonly ServerLimits Limits = new() { RoomHistorySize = 5, JoinHistoryCount = 3, };

    private IActorRef StartRoom()
    {
        Skip.If(skipReason is not null, skipReason);
        return CreateTestProbe().ChildActorOf(RoomActor.Props("dev", Limits, ActorRefs.Nobody, Messages));
    }

    private TestProbe Join(IActorRef room, string name)
    {
        var member = CreateTestProbe();
        room.Tell(new JoinRoom("dev", name, null, member.Port()), member);
        member.ExpectFrame().As<HistoryEvent>();
        member.ExpectFrame().As<JoinedEvent>();
        return member;
    }

    private void StopAndWait(IActorRef room)
    {
        Watch(room);
        room.Tell(StopRoom.Instance);
        ExpectTerminated(room);
    }

    [SkippableFact]
    public void A_new_incarnation_recovers_ids_and_recent_history_from_the_store()
    {
        var room = StartRoom();
        var alice = Join(room, "alice");
        for (var i = 1; i <= 10; i++) room.Tell(new PostMessage("dev", $"m{i}", i, "alice", alice.Port()), alice);
        var acked = alice.ExpectEvents<ChatMessage>(10);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), acked.Select(m => m.Id));
        room.Tell(new LeaveRoom("dev", "alice", "leave", null), alice);
        alice.ExpectFrame();
        StopAndWait(room);

        var again = StartRoom();
        var bob = CreateTestProbe();
        again.Tell(new JoinRoom("dev", "bob", null, bob.Port()), bob);
        var history = bob.ExpectFrame().As<HistoryEvent>();
        Assert.Equal(acked.TakeLast(3).Select(m => m with { Ref = null }), history.Messages); // times and texts intact
        bob.ExpectFrame().As<JoinedEvent>();

        again.Tell(new PostMessage("dev", "after the restart", null, "bob", bob.Port()), bob);
        Assert.Equal(11, bob.ExpectFrame().As<ChatMessage>().Id);
    }

    [SkippableFact]
    public void History_pages_beyond_memory_are_read_from_the_store_in_order()
    {
        var room = StartRoom();
        var alice = Join(room, "alice");
        for (var i = 1; i <= 30; i++) room.Tell(new PostMessage("dev", $"m{i}", null, "alice", alice.Port()), alice);
        alice.ExpectEvents<ChatMessage>(30);

        room.Tell(new HistoryQuery("dev", Before: 21, Limit: 10, Ref: "old"), alice);
        var page = alice.ExpectFrame().As<HistoryEvent>();
        Assert.Equal(Enumerable.Range(11, 10).Select(i => $"m{i}"), page.Messages.Select(m => m.Text));
        Assert.Equal(ActorChat.Messages.RequestRef.Of("old"), page.Ref);

        room.Tell(new HistoryQuery("dev", Before: null, Limit: 200, Ref: null), alice);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), alice.ExpectFrame().As<HistoryEvent>().Messages.Select(m => m.Id));
    }

    [SkippableFact]
    public void Nothing_is_broadcast_before_it_is_stored()
    {
        var room = StartRoom();
        var alice = Join(room, "alice");
        room.Tell(new PostMessage("dev", "hello", "h", "alice", alice.Port()), alice);
        var own = alice.ExpectFrame().As<ChatMessage>();
        // the acknowledged copy is readable from the store at the moment it arrives
        var stored = Store.ReadRange(ActorChat.Server.Storage.ConversationKey.Room("dev"), own.Id, own.Id, 10);
        Assert.Equal("hello", Assert.Single(stored).Text);
    }

    [SkippableFact]
    public void A_message_the_store_refuses_is_answered_unavailable_and_nobody_sees_it()
    {
        var room = StartRoom();
        var alice = Join(room, "alice");
        var bob = Join(room, "bob");
        alice.ExpectFrame().As<JoinedEvent>();
        // the store already holds the id the room gives next, so that write fails
        Store.Append([new ActorChat.Server.Storage.StoredMessage(ActorChat.Server.Storage.ConversationKey.Room("dev"), 1, "mallory", null, "x", DateTime.UtcNow)]);

        room.Tell(new PostMessage("dev", "lost", "p1", "alice", alice.Port()), alice);
        var error = alice.ExpectFrame().As<ErrorEvent>();
        Assert.Equal((ActorChat.Messages.ErrorCodes.Unavailable, ActorChat.Messages.RequestRef.Of("p1")), (error.Code, error.Ref));

        room.Tell(new PostMessage("dev", "next", null, "alice", alice.Port()), alice);
        var seen = bob.ExpectFrame().As<ChatMessage>(); // bob's next message is the one after: "lost" never reached him
        Assert.Equal((2L, "next"), (seen.Id, seen.Text));
    }

    [SkippableFact]
    public void A_post_re_sent_to_the_next_incarnation_is_still_the_same_message()
    {
        var room = StartRoom();
        var alice = Join(room, "alice");
        room.Tell(new PostMessage("dev", "did this arrive?", "p7", "alice", alice.Port()), alice);
        var first = alice.ExpectFrame().As<ChatMessage>();
        StopAndWait(room); // as on a restart, a hand-off, or a node lost

        var again = StartRoom();
        var back = Join(again, "alice");
        again.Tell(new PostMessage("dev", "did this arrive?", "p7", "alice", back.Port()), back);
        var answer = back.ExpectFrame().As<ChatMessage>();
        Assert.Equal((first.Id, first.Time, ActorChat.Messages.RequestRef.Of("p7")), (answer.Id, answer.Time, answer.Ref));
        Assert.Single(Store.ReadRange(ActorChat.Server.Storage.ConversationKey.Room("dev"), 1, 100, 100));
    }
}
