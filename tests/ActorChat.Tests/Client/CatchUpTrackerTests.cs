using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

public sealed class CatchUpTrackerTests
{
    private static readonly DateTime Time = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

    private static ChatMessage Say(long id, string room) => ChatMessage.InRoom(id, room, "bob", "m" + id, Time);

    [Fact]
    public void Start_rejoins_every_room_but_the_lobby_whose_history_comes_unasked()
    {
        var conversations = new ConversationState();
        var tracker = new CatchUpTracker();
        var requests = tracker.Start(["lobby", "dev"], conversations, inLobby: true);

        var join = Assert.IsType<JoinRequest>(Assert.Single(requests));
        Assert.Equal("dev", join.Room);
        Assert.True(CatchUpTracker.IsCatchUpRef(join.Id));
        Assert.True(tracker.InProgress);
        Assert.True(tracker.IsCatchingUp(ConversationState.RoomKey("lobby")));

        Assert.IsType<CatchUpStep.Finished>(tracker.OnHistory(new HistoryEvent("lobby", [])));
        Assert.IsType<CatchUpStep.Finished>(tracker.OnHistory(new HistoryEvent("dev", []) { Ref = join.Id }));
        Assert.False(tracker.InProgress);
    }

    [Fact]
    public void A_lobby_the_user_had_left_is_left_again_and_its_history_dropped()
    {
        var tracker = new CatchUpTracker();
        var requests = tracker.Start(["dev"], new ConversationState(), inLobby: false);
        var leave = Assert.IsType<LeaveRequest>(requests[^1]);
        Assert.Equal(ProtocolInfo.Lobby, leave.Room);
        Assert.IsType<CatchUpStep.Dropped>(tracker.OnHistory(new HistoryEvent("lobby", [Say(1, "lobby")])));
    }

    [Fact]
    public void A_full_page_newer_than_the_last_seen_asks_for_the_page_before()
    {
        var conversations = new ConversationState();
        conversations.Accept(Say(10, "dev"), "alice");
        var tracker = new CatchUpTracker();
        var join = (JoinRequest)tracker.Start(["lobby", "dev"], conversations, inLobby: true)[0];

        var page = Enumerable.Range(100, RoomCatchUp.JoinPageSize).Select(i => Say(i, "dev")).ToList();
        var next = Assert.IsType<CatchUpStep.NextPage>(tracker.OnHistory(new HistoryEvent("dev", page) { Ref = join.Id }));
        Assert.Equal(100, Assert.IsType<HistoryRequest>(next.Request).Before);
        Assert.True(CatchUpTracker.IsCatchUpRef(next.Request.Id));

        // A live message meanwhile waits for the catch-up.
        Assert.True(tracker.TryHold(Say(200, "dev"), "alice"));
        Assert.False(tracker.TryHold(Say(5, "elsewhere"), "alice"));

        var finished = Assert.IsType<CatchUpStep.Finished>(tracker.OnHistory(new HistoryEvent("dev", [Say(11, "dev")]) { Ref = next.Request.Id }));
        Assert.Equal(11, finished.CatchUp.Missed[0].Id);
        Assert.Equal(200, finished.CatchUp.Missed[^1].Id);
    }

    [Fact]
    public void An_ordinary_history_is_not_the_catch_ups_and_a_refused_rejoin_ends_that_room()
    {
        var tracker = new CatchUpTracker();
        var join = (JoinRequest)tracker.Start(["dev"], new ConversationState(), inLobby: true)[0];
        Assert.IsType<CatchUpStep.NotMine>(tracker.OnHistory(new HistoryEvent("dev", []) { Ref = RequestRef.Of("h1") }));

        Assert.Null(tracker.Refused(RequestRef.Of("rejoin-999")));
        Assert.Equal("dev", Assert.IsType<RoomCatchUp>(tracker.Refused(join.Id!)).Room);
        Assert.False(tracker.InProgress);
    }
}
