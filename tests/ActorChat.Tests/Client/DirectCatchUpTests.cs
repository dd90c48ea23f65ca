using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

/// <summary>Catching up one direct conversation from its direct-message history (accounts only).</summary>
public sealed class DirectCatchUpTests
{
    private static readonly DateTime Time = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

    private static ChatMessage Dm(long id, string from, string text = "") =>
        from == "alice" ? ChatMessage.Direct(id, "bob", "alice", text == "" ? "m" + id : text, Time) : ChatMessage.Direct(id, "alice", from, text == "" ? "m" + id : text, Time);

    private static List<ChatMessage> Page(long from, long to) => [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => Dm(i, "bob"))];

    [Fact]
    public void A_small_gap_is_closed_by_the_first_page()
    {
        var catchUp = new DirectCatchUp("bob", lastSeenId: 5, [], "alice");
        Assert.Equal(new DirectHistoryRequest("bob", Limit: DirectCatchUp.FirstPageSize), catchUp.FirstRequest);
        Assert.Null(catchUp.TakePage(Page(3, 8)));
        Assert.Equal([6L, 7, 8], catchUp.Missed.Select(m => m.Id));
        Assert.Equal(ConversationState.DirectKey("BOB"), catchUp.ConversationKey);
    }

    [Fact]
    public void A_large_gap_pages_back_with_before_and_holds_live_messages_meanwhile()
    {
        var catchUp = new DirectCatchUp("bob", lastSeenId: 10, [], "alice");
        Assert.Equal(new DirectHistoryRequest("bob", Before: 251, Limit: ConversationCatchUp.PageSize), catchUp.TakePage(Page(251, 300)));
        catchUp.Hold(Dm(301, "bob") with { Ref = RequestRef.Of("x") });
        Assert.Equal(new DirectHistoryRequest("bob", Before: 51, Limit: ConversationCatchUp.PageSize), catchUp.TakePage(Page(51, 250)));
        Assert.Null(catchUp.TakePage(Page(1, 50)));
        Assert.Equal(Enumerable.Range(11, 291).Select(i => (long)i), catchUp.Missed.Select(m => m.Id));
        Assert.False(catchUp.StoppedShort);
    }

    [Fact]
    public void It_goes_back_at_most_max_pages_and_says_so()
    {
        var catchUp = new DirectCatchUp("bob", lastSeenId: 1, [], "alice");
        var top = 100_000L;
        ClientRequest? next = catchUp.TakePage(Page(top - DirectCatchUp.FirstPageSize + 1, top));
        var pages = 1;
        while (next is DirectHistoryRequest { Before: { } before })
        {
            next = catchUp.TakePage(Page(before - ConversationCatchUp.PageSize, before - 1));
            pages++;
        }
        Assert.Equal(DirectCatchUp.MaxPages, pages);
        Assert.True(catchUp.StoppedShort);
        Assert.True(catchUp.IsDone);
    }

    [Fact]
    public void With_nothing_seen_yet_what_counts_starts_at_our_newest_message_with_an_unconfirmed_text()
    {
        var catchUp = new DirectCatchUp("bob", lastSeenId: 0, ["ok?"], "alice");
        Assert.Equal(new DirectHistoryRequest("bob", Limit: ConversationCatchUp.PageSize), catchUp.FirstRequest);
        // An earlier run also said "ok?" (id 2): the newest one is this run's.
        Assert.Null(catchUp.TakePage([Dm(2, "alice", "ok?"), Dm(3, "bob"), Dm(10, "alice", "ok?"), Dm(11, "bob", "sure")]));
        Assert.Equal([10L, 11], catchUp.Missed.Select(m => m.Id));

        var unmatched = new DirectCatchUp("bob", lastSeenId: 0, ["never stored"], "alice");
        unmatched.TakePage([Dm(2, "alice", "ok?"), Dm(3, "bob")]);
        Assert.Empty(unmatched.Missed);
    }
}

/// <summary>The tracker with direct conversations: an account catches them up, a guest does not.</summary>
public sealed class DirectCatchUpTrackerTests
{
    private static readonly DateTime Time = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

    private static ConversationState Conversations()
    {
        var conversations = new ConversationState();
        conversations.Accept(ChatMessage.Direct(4, "alice", "bob", "hi", Time), "alice");
        conversations.Direct("carol"); // opened, nothing said: nothing to catch up
        var pending = conversations.AddPending(new DmRequest("dave", "are you there?"));
        conversations.MarkSent(pending);
        return conversations;
    }

    [Fact]
    public void An_account_asks_for_the_direct_history_of_every_conversation_with_something_to_catch_up()
    {
        var tracker = new CatchUpTracker();
        var requests = tracker.Start(["lobby"], Conversations(), inLobby: true, accountName: "alice");

        var asked = requests.OfType<DirectHistoryRequest>().ToList();
        Assert.Equal(["bob", "dave"], asked.Select(r => r.With));
        Assert.All(asked, r => Assert.True(CatchUpTracker.IsCatchUpRef(r.Id)));
        Assert.True(tracker.IsCatchingUp(ConversationState.DirectKey("bob")));

        // A live dm of bob's waits for the catch-up; one of erin's does not.
        Assert.True(tracker.TryHold(ChatMessage.Direct(9, "alice", "bob", "live", Time), "alice"));
        Assert.True(tracker.TryHold(ChatMessage.Direct(10, "bob", "alice", "mine, live", Time), "alice"));
        Assert.False(tracker.TryHold(ChatMessage.Direct(1, "alice", "erin", "elsewhere", Time), "alice"));

        Assert.IsType<CatchUpStep.NotMine>(tracker.OnDirectHistory(new DirectHistoryEvent("bob", []) { Ref = RequestRef.Of("h1") }));
        var finished = Assert.IsType<CatchUpStep.Finished>(tracker.OnDirectHistory(new DirectHistoryEvent("Bob", [ChatMessage.Direct(5, "alice", "bob", "missed", Time)]) { Ref = asked[0].Id }));
        Assert.Equal([5L, 9, 10], finished.CatchUp.Missed.Select(m => m.Id));
        var refused = tracker.Refused(asked[1].Id!);
        Assert.IsType<DirectCatchUp>(refused);
        Assert.True(tracker.InProgress); // the lobby's history has not come
    }

    [Fact]
    public void A_guest_asks_for_no_direct_history()
    {
        var tracker = new CatchUpTracker();
        Assert.Empty(tracker.Start(["lobby"], Conversations(), inLobby: true).OfType<DirectHistoryRequest>());
        Assert.False(tracker.IsCatchingUp(ConversationState.DirectKey("bob")));
    }
}
