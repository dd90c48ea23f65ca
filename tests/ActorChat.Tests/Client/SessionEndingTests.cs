using ActorChat.Client.Session;

namespace ActorChat.Tests.Client;

public sealed class SessionEndingTests
{
    [Fact]
    public void Only_endings_that_went_wrong_go_to_the_error_log()
    {
        Assert.Null(SessionEnding.Bye.ErrorLine);
        Assert.Null(SessionEnding.NotLoggedIn("* no name given; bye").ErrorLine);

        var unanswered = SessionEnding.QuitUnanswered(TimeSpan.FromSeconds(3));
        Assert.Equal((ExitCodes.ConnectionLost, "! the server did not answer quit within 3 s"), (unanswered.ExitCode, unanswered.Message));
        Assert.Equal(unanswered.Message, unanswered.ErrorLine);
    }

    [Fact]
    public void A_login_given_up_counts_the_unsent_lines_in_its_last_line_but_not_in_the_error_log()
    {
        var refused = SessionEnding.GaveUp(new LoginGaveUp(ExitCodes.LoginRefused, "! wrong name or password for alice"), unsent: 2);
        Assert.Equal("! wrong name or password for alice (2 unsent line(s) dropped)", refused.Message);
        Assert.Equal("! wrong name or password for alice", refused.ErrorLine);
        Assert.Equal(ExitCodes.LoginRefused, refused.ExitCode);

        var noPassword = SessionEnding.GaveUp(new LoginGaveUp(ExitCodes.NotLoggedIn, "* no password typed; bye"), unsent: 0);
        Assert.Equal("* no password typed; bye", noPassword.Message);
        Assert.Null(noPassword.ErrorLine);
    }
}
