using ActorChat.Client;
using ActorChat.Client.Network;
using ActorChat.Client.Output;
using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

public sealed class SessionLoginTests
{
    private readonly RecordingDisplay _display = new();
    private readonly ClientState _state = new();
    private readonly SessionOutput _output;

    public SessionLoginTests() =>
        _output = new SessionOutput(_display, NullSessionRecorder.Instance, new FixedClock(DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc));

    private SessionLogin NewLogin(bool register = false) => new(_state, _output, register);

    private void Welcome(SessionLogin login, string name)
    {
        login.Welcomed(new WelcomeEvent(name, 2, "Fake"));
        _state.Apply(new WelcomeEvent(name, 2, "Fake"));
    }

    [Fact]
    public void At_start_the_given_name_is_sent_and_without_one_the_user_is_asked()
    {
        Assert.Equal(new LogIn("alice"), Assert.Single(NewLogin().Start(" alice ").ToGate));
        Assert.Empty(_display.Lines);

        Assert.Same(SessionStep.Nothing, NewLogin().Start(null));
        Assert.Single(_display.Lines, l => l.StartsWith("? your name"));
    }

    [Fact]
    public void An_invalid_name_is_shown_escaped_and_another_asked_for()
    {
        var step = NewLogin().TryName("bad\u001b[31mname");
        Assert.Empty(step.ToGate);
        Assert.Null(step.End);
        Assert.Contains(_display.Lines, l => l.Contains("is not a valid name") && !l.Contains('\u001b'));
        Assert.StartsWith("? your name", _display.Lines[^1]);
    }

    [Fact]
    public void A_taken_name_makes_the_next_waiting_line_the_next_name_and_register_says_what_it_needs()
    {
        var login = NewLogin(register: true);
        login.TryName("alice");
        Assert.Equal(TypedLineRoute.Wait, login.Route("alice2"));

        var next = login.Refused(new ErrorEvent(ErrorCodes.NameTaken, "taken"));
        Assert.Equal(new LogIn("alice2"), Assert.Single(next.ToGate));
        Assert.Contains(_display.Lines, l => l.StartsWith("* --register needs a name nobody holds"));
        Assert.Equal("alice2", login.Name);
    }

    [Fact]
    public void With_no_more_input_a_refused_name_ends_the_session_not_logged_in()
    {
        var login = NewLogin();
        login.TryName("alice");
        Assert.False(login.EndInput());

        var step = login.Refused(new ErrorEvent(ErrorCodes.NameTaken, "taken"));
        Assert.Equal((ExitCodes.NotLoggedIn, "* no usable name given; bye"), (step.End?.ExitCode, step.End?.Message));
        Assert.Null(step.End!.ErrorLine);
    }

    [Fact]
    public void Errors_not_about_the_first_login_leave_it_alone()
    {
        var login = NewLogin();
        Assert.Same(SessionStep.Nothing, login.Refused(new ErrorEvent(ErrorCodes.NameTaken, "no login in flight")));
        login.TryName("alice");
        Assert.Same(SessionStep.Nothing, login.Refused(new ErrorEvent(ErrorCodes.NotInRoom, "something else")));
        Assert.Equal("alice", login.Name);
    }

    [Fact]
    public void A_relogin_is_as_the_confirmed_name_and_any_refusal_of_it_closes_the_connection()
    {
        var login = NewLogin();
        login.TryName("alice");
        Welcome(login, "alice");
        Assert.Null(login.FirstLoginAgain());

        Assert.Equal(new LogIn("alice", Relogin: true), login.Relogin());
        Assert.True(login.ReloginInFlight);
        Assert.Same(CloseConnection.Instance, Assert.Single(login.Refused(new ErrorEvent(ErrorCodes.NameTaken, "taken")).ToGate));

        Assert.True(login.WelcomedAgain());
        Assert.False(login.ReloginInFlight);
        Assert.False(login.WelcomedAgain());
    }

    [Fact]
    public void The_first_welcome_hands_back_the_lines_typed_meanwhile_and_is_not_a_relogin()
    {
        var login = NewLogin();
        login.TryName("alice");
        Assert.Equal(new LogIn("alice"), login.FirstLoginAgain());
        login.Route("hello");
        login.Route("/join dev");

        Assert.False(login.WelcomedAgain());
        Assert.Equal(["hello", "/join dev"], login.Welcomed(new WelcomeEvent("alice", 2, "Fake")));
    }

    [Fact]
    public void A_resumed_login_is_a_relogin_only_once_logged_in_and_a_wait_ends_it()
    {
        var login = NewLogin();
        login.TryName("alice");
        login.Resumed();
        Assert.False(login.ReloginInFlight);

        Welcome(login, "alice");
        login.Resumed();
        Assert.True(login.ReloginInFlight);
        login.ReloginAnswered();
        Assert.False(login.ReloginInFlight);
    }
}
