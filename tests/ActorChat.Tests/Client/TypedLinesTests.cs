using ActorChat.Client;
using ActorChat.Client.Input;
using ActorChat.Client.Output;
using ActorChat.Client.Session;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

/// <summary><see cref="TypedLines"/> and <see cref="ConversationEvents"/> over real state, with a recording display.</summary>
public sealed class TypedLinesTests
{
    private static readonly DateTime Time = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);
    private readonly RecordingDisplay _display = new();
    private readonly ClientState _state = new();
    private readonly ConversationState _conversations = new();
    private readonly CatchUpTracker _catchUps = new();
    private readonly ConversationEvents _events;
    private readonly TypedLines _lines;

    public TypedLinesTests()
    {
        var output = new SessionOutput(_display, NullSessionRecorder.Instance, new FixedClock(new DateTimeOffset(Time), TimeZoneInfo.Utc));
        _events = new ConversationEvents(_state, _conversations, _catchUps, output, fetchMembers: true);
        _lines = new TypedLines(_state, _conversations, _events, output, keepPending: true);
        _events.Event(null, new WelcomeEvent("alice", 1, "Fake"));
        _events.Joined(new JoinedEvent("lobby", "alice", 1));
    }

    [Fact]
    public void A_chat_line_goes_out_at_once_when_ready_tracked_by_id()
    {
        var handled = _lines.Handle("hello", LinkState.Ready);
        var say = Assert.IsType<SayRequest>(handled.ToSend);
        Assert.Equal(("hello", "lobby"), (say.Text, say.Room));
        Assert.NotNull(say.Id);
        Assert.True(Assert.Single(_conversations.Pending).Sent);
    }

    [Fact]
    public void While_catching_up_a_chat_line_waits_and_says_so_without_claiming_to_be_offline()
    {
        var handled = _lines.Handle("hello", LinkState.CatchingUp);
        Assert.Null(handled.ToSend);
        Assert.False(Assert.Single(_conversations.Pending).Sent);
        Assert.Contains("* catching up; will send when caught up: hello", _display.Lines);
        Assert.DoesNotContain(_display.Lines, l => l.Contains("not connected"));

        var offline = _lines.Handle("later", LinkState.Offline);
        Assert.Null(offline.ToSend);
        Assert.Contains("* not connected; will send when reconnected: later", _display.Lines);
        Assert.Equal(["hello", "later"], _conversations.SendAllPending().Select(r => ((SayRequest)r).Text));
    }

    [Fact]
    public void Commands_are_refused_offline_and_quit_is_reported()
    {
        Assert.Null(_lines.Handle("/who", LinkState.Offline).ToSend);
        Assert.Contains(_display.Lines, l => l.StartsWith("! not connected"));
        Assert.IsType<WhoRequest>(_lines.Handle("/who", LinkState.CatchingUp).ToSend);
        Assert.True(_lines.Handle("/quit", LinkState.Ready).Quit);
    }

    [Fact]
    public void A_join_brings_the_room_to_the_front_and_own_join_asks_for_members()
    {
        var join = Assert.IsType<JoinRequest>(_lines.Handle("/join dev", LinkState.Ready).ToSend);
        Assert.Equal("dev", join.Room);
        var who = Assert.IsType<WhoRequest>(_events.Joined(new JoinedEvent("dev", "alice", 1) { Ref = join.Id }));
        Assert.Equal("dev", who.Room);
        Assert.Equal("dev", _conversations.Current!.Name);
        Assert.Null(_events.Joined(new JoinedEvent("dev", "bob", 2)));
    }

    [Fact]
    public void A_message_is_shown_once_and_marked_own_by_name_even_from_a_catch_up()
    {
        _events.Message(ChatMessage.InRoom(1, "lobby", "bob", "hi", Time));
        _events.Message(ChatMessage.InRoom(1, "lobby", "bob", "hi", Time));
        Assert.Single(_display.Messages);

        var catchUp = new RoomCatchUp("lobby", 1);
        catchUp.Take([ChatMessage.InRoom(2, "lobby", "Alice", "typed before the break", Time)]);
        _events.ShowMissed(catchUp);
        Assert.True(_display.Messages[^1].Own);
        Assert.False(_display.Messages[0].Own);
    }

    [Fact]
    public void A_password_dialog_that_cannot_be_of_use_is_refused_here_and_never_started()
    {
        var passwd = _lines.Handle("/passwd", LinkState.Ready);
        Assert.Null(passwd.StartDialog);
        Assert.Contains(_display.Lines, l => l.Contains("alice is a guest name, with no password to change"));
        Assert.Equal(AccountCommandKind.Register, _lines.Handle("/register", LinkState.Ready).StartDialog);

        _state.Registered();
        Assert.Null(_lines.Handle("/register", LinkState.Ready).StartDialog);
        Assert.Contains(_display.Lines, l => l.Contains("alice is registered already"));
        Assert.Equal(AccountCommandKind.ChangePassword, _lines.Handle("/passwd", LinkState.Ready).StartDialog);
    }
}
