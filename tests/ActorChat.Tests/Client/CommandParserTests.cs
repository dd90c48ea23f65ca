using ActorChat.Client.Input;
using ActorChat.Messages.Commands;

namespace ActorChat.Tests.Client;

public sealed class CommandParserTests
{
    private readonly CommandParser _parser = new();

    private ClientRequest Request(string line, string? room = "lobby") =>
        Assert.IsType<SendToServer>(_parser.Parse(line, room)).Request;

    private string Error(string line, string? room = "lobby") =>
        Assert.IsType<UsageError>(_parser.Parse(line, room)).Message;

    [Fact]
    public void A_plain_line_is_said_in_the_current_room() =>
        Assert.Equal(new SayRequest("hello there", "dev"), Request("hello there", "dev"));

    [Fact]
    public void A_plain_line_keeps_its_spaces_and_loses_a_trailing_cr() =>
        Assert.Equal(new SayRequest("  indented  ", "lobby"), Request("  indented  \r"));

    [Fact]
    public void A_double_slash_says_the_line_with_one_slash() =>
        Assert.Equal(new SayRequest("/shrug", "lobby"), Request("//shrug"));

    [Fact]
    public void A_plain_line_outside_any_room_is_refused() =>
        Assert.Contains("not in any room", Error("hello", room: null));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r")]
    public void A_blank_line_does_nothing(string line) =>
        Assert.IsType<NothingToDo>(_parser.Parse(line, "lobby"));

    [Fact]
    public void Join_asks_for_the_room() => Assert.Equal(new JoinRequest("dev"), Request("/join dev"));

    [Fact]
    public void Commands_are_case_insensitive() => Assert.Equal(new JoinRequest("Dev"), Request("/JOIN Dev"));

    [Theory]
    [InlineData("/join")]
    [InlineData("/join a b")]
    public void Join_needs_exactly_one_room(string line) => Assert.Contains("usage: /join ROOM", Error(line));

    [Fact]
    public void Join_refuses_an_invalid_room_name() => Assert.Contains("not a valid room name", Error("/join no/slash"));

    [Fact]
    public void Leave_names_a_room_or_defaults_to_the_current_one()
    {
        Assert.Equal(new LeaveRequest("dev"), Request("/leave dev", "lobby"));
        Assert.Equal(new LeaveRequest("lobby"), Request("/leave", "lobby"));
    }

    [Fact]
    public void Who_defaults_to_the_current_room_then_the_lobby()
    {
        Assert.Equal(new WhoRequest("dev"), Request("/who", "dev"));
        Assert.Equal(new WhoRequest("ops"), Request("/who ops", "dev"));
        Assert.Equal(new WhoRequest("lobby"), Request("/who", null));
    }

    [Fact]
    public void Rooms_lists_rooms() => Assert.IsType<RoomsRequest>(Request("/rooms"));

    [Fact]
    public void History_defaults_to_the_current_room()
    {
        Assert.Equal(new HistoryRequest("dev"), Request("/history", "dev"));
        Assert.Equal(new HistoryRequest("ops"), Request("/history ops", "dev"));
        Assert.Contains("not in any room", Error("/history", null));
    }

    [Fact]
    public void Msg_sends_the_rest_of_the_line_privately() =>
        Assert.Equal(new DmRequest("bob", "see you  at 5"), Request("/msg bob see you  at 5"));

    [Theory]
    [InlineData("/msg")]
    [InlineData("/msg bob")]
    [InlineData("/msg bob   ")]
    public void Msg_needs_a_name_and_text(string line) => Assert.Contains("usage: /msg NAME TEXT", Error(line));

    [Fact]
    public void Quit_is_a_quit_request() => Assert.IsType<QuitRequest>(Request("/quit"));

    [Fact]
    public void Help_is_shown_locally() =>
        Assert.Contains("/msg NAME TEXT", Assert.IsType<ShowLocally>(_parser.Parse("/help", "lobby")).Text);

    [Fact]
    public void An_unknown_command_points_to_help() =>
        Assert.Equal("unknown command /frobnicate; type /help for the list of commands, or //frobnicate to say it", Error("/frobnicate"));

    [Fact]
    public void Text_breaking_the_rules_is_refused_locally()
    {
        Assert.Contains("control character", Error("bell\u0007"));
        Assert.Contains("longer than", Assert.IsType<UsageError>(new CommandParser(maxTextLength: 5).Parse("toolong", "lobby")).Message);
    }
}

public sealed class AccountCommandParserTests
{
    private readonly CommandParser _parser = new();

    [Fact]
    public void Register_and_passwd_start_their_dialogs()
    {
        Assert.Equal(new AccountCommand(AccountCommandKind.Register), _parser.Parse("/register", "lobby"));
        Assert.Equal(new AccountCommand(AccountCommandKind.ChangePassword), _parser.Parse("/PASSWD  ", "lobby"));
        Assert.Contains("/register", CommandParser.HelpText);
        Assert.Contains("/passwd", CommandParser.HelpText);
    }

    [Fact]
    public void A_password_typed_after_the_command_is_refused_and_not_repeated()
    {
        var error = Assert.IsType<UsageError>(_parser.Parse("/register hunter2hunter2", "lobby"));
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.Contains("not shown", error.Message);
        Assert.IsType<UsageError>(_parser.Parse("/passwd old new", "lobby"));
    }
}
