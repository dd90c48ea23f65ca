using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

public sealed class ConversationStateTests
{
    private static readonly DateTime Time = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

    private static ChatMessage Say(long id, string room, string from, string text = "hi") => ChatMessage.InRoom(id, room, from, text, Time);

    [Fact]
    public void A_message_seen_twice_is_accepted_once_per_room_and_id()
    {
        var state = new ConversationState();
        Assert.True(state.Accept(Say(1, "lobby", "bob"), "alice"));
        Assert.False(state.Accept(Say(1, "Lobby", "bob"), "alice"));
        Assert.True(state.Accept(Say(1, "general", "bob"), "alice"));
        Assert.Equal(1, state.Room("lobby").LastSeenId);
    }

    [Fact]
    public void Messages_in_a_conversation_not_in_front_count_as_unread_until_switched_to()
    {
        var state = new ConversationState();
        state.SwitchTo(state.Room("lobby").Key);
        state.Accept(Say(1, "lobby", "bob"), "alice");
        state.Accept(Say(1, "general", "bob"), "alice");
        state.Accept(Say(2, "general", "bob"), "alice");
        state.Accept(ChatMessage.Direct(1, "alice", "carol", "psst", Time), "alice");

        Assert.Equal([("general", 2), ("@carol", 1)], state.UnreadElsewhere());
        state.SwitchTo(ConversationState.RoomKey("general"));
        Assert.Equal(0, state.Room("general").Unread);
        Assert.Equal(0, state.Room("lobby").Unread); // it was in front when its message came
    }

    [Fact]
    public void A_direct_message_belongs_to_the_other_person_whoever_sent_it()
    {
        var state = new ConversationState();
        Assert.Equal("@bob", state.ConversationOf(ChatMessage.Direct(1, "bob", "alice", "x", Time), "alice").Key);
        Assert.Equal("@bob", state.ConversationOf(ChatMessage.Direct(2, "alice", "Bob", "y", Time), "alice").Key);
    }

    [Fact]
    public void A_pending_line_is_settled_by_the_copy_that_carries_its_ref()
    {
        var state = new ConversationState();
        var first = state.AddPending(new SayRequest("one", "lobby"));
        var second = state.AddPending(new DmRequest("bob", "two"));
        Assert.NotEqual(first.Ref, second.Ref);
        Assert.Equal(first.Ref, first.Request.Id);

        state.Accept(Say(5, "lobby", "alice", "one") with { Ref = first.Ref }, "alice");
        Assert.Equal([second], state.Pending);
        Assert.Equal("@bob", second.ConversationKey);
    }

    [Fact]
    public void A_line_sent_before_the_connection_broke_is_settled_by_a_catch_up_that_holds_it()
    {
        var state = new ConversationState();
        var sent = state.AddPending(new SayRequest("stored?", "lobby"));
        sent.Sent = true;
        var unsent = state.AddPending(new SayRequest("stored?", "lobby"));

        var settled = state.SettleFromCatchUp("lobby", [Say(7, "lobby", "bob", "stored?"), Say(8, "lobby", "alice", "stored?")], "alice");

        Assert.Equal([sent], settled);
        Assert.Equal([unsent], state.Pending);
    }
}

public sealed class RoomCatchUpTests
{
    private static readonly DateTime Time = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

    private static List<ChatMessage> Page(long from, long to) =>
        [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => ChatMessage.InRoom(i, "lobby", "bob", "m" + i, Time))];

    [Fact]
    public void A_small_gap_is_closed_by_the_join_history_alone()
    {
        var catchUp = new RoomCatchUp("lobby", lastSeenId: 40);
        Assert.Null(catchUp.Take(Page(11, 60)));
        Assert.Equal(Enumerable.Range(41, 20).Select(i => (long)i), catchUp.Missed.Select(m => m.Id));
    }

    [Fact]
    public void A_large_gap_pages_back_until_it_reaches_the_last_seen_id_then_gives_everything_in_order()
    {
        var catchUp = new RoomCatchUp("lobby", lastSeenId: 10);
        var next = catchUp.Take(Page(251, 300));
        Assert.Equal(new HistoryRequest("lobby", 251, RoomCatchUp.PageSize), next);
        catchUp.Hold(ChatMessage.InRoom(301, "lobby", "bob", "live", Time) with { Ref = RequestRef.Of("x") });
        Assert.Equal(new HistoryRequest("lobby", 51, RoomCatchUp.PageSize), catchUp.Take(Page(51, 250)));
        Assert.Null(catchUp.Take(Page(1, 50)));
        Assert.True(catchUp.IsDone);
        Assert.Equal(Enumerable.Range(11, 291).Select(i => (long)i), catchUp.Missed.Select(m => m.Id));
        Assert.Null(catchUp.Missed[^1].Ref);
    }

    [Fact]
    public void A_room_that_never_saw_a_message_takes_the_join_history_as_it_is()
    {
        var catchUp = new RoomCatchUp("lobby", lastSeenId: 0);
        Assert.Null(catchUp.Take(Page(1, 3)));
        Assert.Equal(3, catchUp.Missed.Count);
    }
}

public sealed class BackoffTests
{
    [Fact]
    public void Delays_double_up_to_the_maximum_within_the_upper_half_of_each_step()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), () => 0.0);
        Assert.Equal([0.5, 1, 2, 4, 4], Enumerable.Range(0, 5).Select(_ => backoff.Next().TotalSeconds));

        var top = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), () => 0.999999);
        Assert.Equal([1, 2, 4, 8, 8], Enumerable.Range(0, 5).Select(_ => Math.Round(top.Next().TotalSeconds, 3)));
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_delay()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 0.5);
        backoff.Next();
        backoff.Next();
        backoff.Reset();
        Assert.Equal(0, backoff.Attempts);
        Assert.Equal(0.75, backoff.Next().TotalSeconds);
    }

    [Fact]
    public void Many_failures_do_not_overflow()
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 1);
        for (var i = 0; i < 100; i++) Assert.InRange(backoff.Next().TotalSeconds, 0.5, 30);
    }

    [Fact]
    public void A_sent_line_unanswered_for_the_resend_time_is_due_again_and_an_answered_one_never()
    {
        var clock = new ActorChat.Tests.Support.ManualClock();
        var state = new ConversationState(run: "abcd1234", clock: clock);
        var hello = state.AddPending(new ActorChat.Messages.Commands.SayRequest("hello"));
        var queued = state.AddPending(new ActorChat.Messages.Commands.SayRequest("typed offline")); // never sent: not due
        state.MarkSent(hello);
        Assert.Equal(ActorChat.Messages.RequestRef.Of("m-abcd1234-1"), hello.Ref); // ids differ between runs
        Assert.Empty(state.DueForResend(TimeSpan.FromSeconds(10)));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([hello.Request], state.DueForResend(TimeSpan.FromSeconds(10)));
        Assert.Empty(state.DueForResend(TimeSpan.FromSeconds(10))); // due again only after another wait
        clock.Advance(TimeSpan.FromSeconds(10));
        state.Acknowledge(hello.Ref);
        Assert.Empty(state.DueForResend(TimeSpan.FromSeconds(10)));
        Assert.False(queued.Sent);
    }
}
