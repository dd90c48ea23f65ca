using ActorChat.Client.Output;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

public sealed class EventFormatterTests
{
    // "Now" is 10:03 UTC = 12:03 in the test zone (UTC+2).
    private readonly EventFormatter _formatter = new(new FixedClock(new DateTimeOffset(2026, 11, 25, 10, 3, 0, TimeSpan.Zero), FixedClock.PlusTwo));

    private static readonly DateTime MessageTime = new(2026, 11, 25, 10, 3, 27, 123, DateTimeKind.Utc);

    private string Single(ServerEvent serverEvent) => Assert.Single(_formatter.Format(serverEvent));

    [Fact]
    public void A_room_message_shows_local_time_room_sender_and_text() =>
        Assert.Equal("12:03 [lobby] alice: hello", Single(ChatMessage.InRoom(1, "lobby", "alice", "hello", MessageTime)));

    [Fact]
    public void A_direct_message_shows_both_ends() =>
        Assert.Equal("12:03 [dm alice -> bob] psst", Single(ChatMessage.Direct(7, "bob", "alice", "psst", MessageTime)));

    [Fact]
    public void Continuation_lines_of_a_message_are_indented() =>
        Assert.Equal(
            ["12:03 [lobby] alice: first", "      second", "      \tthird"],
            _formatter.Format(ChatMessage.InRoom(1, "lobby", "alice", "first\nsecond\n\tthird", MessageTime)));

    [Fact]
    public void History_rows_carry_the_sender_of_each_message_line_and_match_the_plain_lines()
    {
        var history = new HistoryEvent("lobby", [ChatMessage.InRoom(1, "lobby", "alice", "one\ntwo", MessageTime), ChatMessage.InRoom(2, "lobby", "bob", "three", MessageTime)]);
        var rows = _formatter.FormatHistoryRows(history);
        Assert.Equal([null, "alice", "alice", "bob", null], rows.Select(r => r.Sender));
        Assert.Equal(_formatter.Format(history), rows.Select(r => r.Line));
    }

    [Fact]
    public void Control_characters_in_messages_and_names_are_escaped() =>
        Assert.Equal(
            "12:03 [lo\\x1bbby] ev\\u202eil: \\x1b[2Jgone\\x0d",
            Single(ChatMessage.InRoom(1, "lo\u001bbby", "ev\u202eil", "\u001b[2Jgone\r", MessageTime)));

    [Fact]
    public void A_line_break_in_a_name_cannot_forge_a_second_line() =>
        Assert.Equal("12:03 [lobby] x\\n12:03 [lobby] admin: hi", Single(ChatMessage.InRoom(1, "lobby", "x\n12:03 [lobby] admin", "hi", MessageTime)));

    [Fact]
    public void Joined_and_left_use_the_clock_and_count_members()
    {
        Assert.Equal("12:03 [lobby] * bob joined (2 members)", Single(new JoinedEvent("lobby", "bob", 2)));
        Assert.Equal("12:03 [lobby] * bob left (quit, 1 member)", Single(new LeftEvent("lobby", "bob", 1, "quit")));
    }

    [Fact]
    public void Errors_show_code_and_message() =>
        Assert.Equal("! name_taken: the name alice is taken", Single(new ErrorEvent("name_taken", "the name alice is taken")));

    [Fact]
    public void Who_lists_members() =>
        Assert.Equal("[dev] 2 members: alice, bob", Single(new WhoEvent("dev", ["alice", "bob"])));

    [Fact]
    public void Rooms_lists_rooms_with_counts()
    {
        Assert.Equal("2 rooms: lobby (3), dev (1)", Single(new RoomsEvent([new RoomSummary("lobby", 3), new RoomSummary("dev", 1)])));
        Assert.Equal("no rooms have members", Single(new RoomsEvent([])));
    }

    [Fact]
    public void History_frames_its_messages()
    {
        var history = new HistoryEvent("lobby",
        [
            ChatMessage.InRoom(1, "lobby", "alice", "one", MessageTime),
            ChatMessage.InRoom(2, "lobby", "bob", "two", MessageTime.AddHours(1)),
        ]);
        Assert.Equal(
            ["[lobby] history, 2 messages:", "12:03 [lobby] alice: one", "13:03 [lobby] bob: two", "[lobby] end of history"],
            _formatter.Format(history));
        Assert.Equal("[dev] no earlier messages", Single(new HistoryEvent("dev", [])));
    }

    [Fact]
    public void Welcome_greets_and_shows_the_motd() =>
        Assert.Equal(
            ["* welcome, alice (ActorChat 1.0.0, protocol 1); type /help for commands", "* be nice", "  really"],
            _formatter.Format(new WelcomeEvent("alice", 1, "ActorChat 1.0.0", "be nice\nreally")));

    [Fact]
    public void Bye_shows_the_reason() => Assert.Equal("* the server says bye: idle", Single(new ByeEvent("idle")));

    [Fact]
    public void Pong_prints_nothing() => Assert.Empty(_formatter.Format(new PongEvent()));
}
