using ActorChat.Client;
using ActorChat.Client.Input;
using ActorChat.Client.Output;
using ActorChat.Client.Session;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

/// <summary><see cref="SessionInput"/> over a real <see cref="SessionLogin"/> and <see cref="TypedLines"/>, with a recording display.</summary>
public sealed class SessionInputTests
{
    private readonly RecordingDisplay _display = new();
    private readonly ClientState _state = new();
    private readonly ConnectionLifecycle _link = new(new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 1.0));
    private readonly ConversationEvents _events;
    private readonly SessionLogin _login;
    private readonly SessionInput _input;

    public SessionInputTests()
    {
        var output = new SessionOutput(_display, NullSessionRecorder.Instance, new FixedClock(DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc));
        var conversations = new ConversationState();
        var catchUps = new CatchUpTracker();
        _events = new ConversationEvents(_state, conversations, catchUps, output, fetchMembers: false);
        var lines = new TypedLines(_state, conversations, _events, output, keepPending: false);
        _login = new SessionLogin(_state, output, register: false);
        _input = new SessionInput(_login, lines, _state, _link, catchUps, new QuitPlan(_link, catchUps, conversations, reconnect: false));
    }

    private void LogIn(string name)
    {
        _input.Typed(name);
        var welcome = new WelcomeEvent(name, 2, "Fake");
        _input.Welcomed(welcome);
        _events.Event(null, welcome);
    }

    [Fact]
    public void Before_the_welcome_a_line_is_a_name_and_the_lines_after_it_wait_for_the_answer()
    {
        Assert.Equal(new LogIn("alice"), Assert.Single(_input.Typed("alice").ToGate));
        Assert.Same(SessionStep.Nothing, _input.Typed("hello"));

        Assert.Equal(["hello"], _input.Welcomed(new WelcomeEvent("alice", 2, "Fake")));
        Assert.True(_link.IsOnline);
    }

    [Fact]
    public void After_the_welcome_a_line_is_chat_and_quit_asks_to_quit()
    {
        LogIn("alice");
        var say = Assert.IsType<SayRequest>(Assert.Single(_input.Typed("hello").ToGate));
        Assert.Equal("hello", say.Text);
        Assert.False(_input.Typed("hello").SendsQuit);

        var quit = _input.Typed("/quit");
        Assert.True(quit.SendsQuit);
        Assert.IsType<QuitRequest>(Assert.Single(quit.ToGate));
    }

    [Fact]
    public void Input_that_ended_before_the_welcome_quits_after_it()
    {
        var goesOn = new SessionInputTests();
        goesOn.LogIn("bob");
        Assert.Same(SessionStep.Nothing, goesOn._input.QuitIfInputEnded());

        _input.Typed("alice");
        Assert.Same(SessionStep.Nothing, _input.Ended());
        _input.Welcomed(new WelcomeEvent("alice", 2, "Fake"));
        Assert.True(_input.QuitIfInputEnded().SendsQuit);
    }

    [Fact]
    public void A_welcome_answering_a_relogin_hands_back_no_lines()
    {
        LogIn("alice");
        _login.Relogin();
        Assert.Null(_input.Welcomed(new WelcomeEvent("alice", 2, "Fake")));
    }

    [Fact]
    public void A_password_dialog_starts_only_where_it_can_be_of_use()
    {
        LogIn("alice");
        Assert.Empty(_input.Typed("/passwd").ToGate);
        Assert.Contains(_display.Lines, l => l.Contains("is a guest name, with no password to change"));

        Assert.Equal(new StartPasswordDialog(AccountCommandKind.Register, "alice"), Assert.Single(_input.Typed("/register").ToGate));
        _state.Registered();
        Assert.Empty(_input.Typed("/register").ToGate);
        Assert.Equal(new StartPasswordDialog(AccountCommandKind.ChangePassword, "alice"), Assert.Single(_input.Typed("/passwd").ToGate));
    }

    [Fact]
    public void The_end_of_input_gives_up_with_no_name_waits_for_a_login_in_flight_and_quits_once_logged_in()
    {
        var noName = new SessionInputTests();
        var ending = noName._input.Ended().End;
        Assert.Equal((ExitCodes.NotLoggedIn, "* no name given; bye"), (ending?.ExitCode, ending?.Message));

        _input.Typed("alice");
        Assert.Same(SessionStep.Nothing, _input.Ended());

        var loggedIn = new SessionInputTests();
        loggedIn.LogIn("bob");
        Assert.True(loggedIn._input.Ended().SendsQuit);
    }
}
