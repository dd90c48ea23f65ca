using ActorChat.Client;
using ActorChat.Client.Output;
using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

public sealed class ResyncTests
{
    private static readonly DateTime Time = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);
    private readonly RecordingDisplay _display = new();
    private readonly ClientState _state = new();
    private readonly ConversationState _conversations = new();
    private readonly CatchUpTracker _catchUps = new();
    private readonly ConversationEvents _events;
    private readonly Resync _resync;

    public ResyncTests()
    {
        var output = new SessionOutput(_display, NullSessionRecorder.Instance, new FixedClock(new DateTimeOffset(Time), TimeZoneInfo.Utc));
        _events = new ConversationEvents(_state, _conversations, _catchUps, output, fetchMembers: false);
        _resync = new Resync(_state, _conversations, _catchUps, _events, output);
        _events.Event(null, new WelcomeEvent("alice", 1, "Fake"));
        _events.Joined(new JoinedEvent("lobby", "alice", 1));
        _events.Message(ChatMessage.InRoom(1, "lobby", "bob", "before", Time));
    }

    [Fact]
    public void Lines_typed_while_away_go_out_only_after_the_missed_messages_are_shown()
    {
        _conversations.AddPending(new SayRequest("typed while away", "lobby"));

        var start = _resync.LoggedInAgain(new WelcomeEvent("alice", 1, "Fake"));
        Assert.Empty(start.ToSend);
        Assert.False(start.CaughtUp);
        Assert.Contains("* reconnected as alice", _display.Lines);

        var done = _resync.History(new HistoryEvent("lobby", [ChatMessage.InRoom(1, "lobby", "bob", "before", Time), ChatMessage.InRoom(2, "lobby", "bob", "missed", Time)]));
        Assert.True(done.CaughtUp);
        var say = Assert.IsType<SayRequest>(Assert.Single(done.ToSend));
        Assert.Equal("typed while away", say.Text);
        Assert.Equal(["before", "missed"], _display.Messages.Select(m => m.Message.Text));
    }

    [Fact]
    public void A_refused_rejoin_ends_that_rooms_catch_up_and_an_unrelated_refusal_changes_nothing()
    {
        _events.Joined(new JoinedEvent("dev", "alice", 1));
        var start = _resync.LoggedInAgain(new WelcomeEvent("alice", 1, "Fake"));
        var rejoin = Assert.IsType<JoinRequest>(Assert.Single(start.ToSend));
        _resync.History(new HistoryEvent("lobby", []));

        Assert.Same(ResyncStep.Nothing, _resync.Refused(RequestRef.Of("join-7")));
        Assert.True(_resync.Refused(rejoin.Id!).CaughtUp);
    }

    [Fact]
    public void An_ordinary_history_is_shown_and_asks_for_nothing()
    {
        var step = _resync.History(new HistoryEvent("lobby", [ChatMessage.InRoom(5, "lobby", "carol", "old", Time)]) { Ref = RequestRef.Of("h") });
        Assert.Same(ResyncStep.Nothing, step);
        Assert.Contains(_display.Lines, l => l.Contains("carol: old"));
    }

    [Fact]
    public void A_refused_line_is_no_longer_pending_and_is_not_sent_once_caught_up()
    {
        var refused = _conversations.AddPending(new SayRequest("refused while away", "lobby"));
        _conversations.AddPending(new SayRequest("kept", "lobby"));
        _resync.LoggedInAgain(new WelcomeEvent("alice", 1, "Fake"));

        Assert.Same(ResyncStep.Nothing, _resync.Refused(refused.Ref));
        Assert.Single(_conversations.Pending);

        var done = _resync.History(new HistoryEvent("lobby", []));
        Assert.Equal(["kept"], done.ToSend.Select(r => ((SayRequest)r).Text));
    }
}
