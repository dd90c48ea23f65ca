using ActorChat.Client.Input;
using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Client;

/// <summary>The <c>/register</c> and <c>/passwd</c> dialog on its own: prompts, checks, the request, and the answer in plain words.</summary>
public sealed class PasswordDialogTests : Akka.TestKit.Xunit2.TestKit
{
    private const string Old = "the old password";
    private const string New = "a brand new password";

    private readonly TestProbe _session;
    private readonly IActorRef _dialog;

    public PasswordDialogTests() : base("akka.loglevel = WARNING")
    {
        _session = CreateTestProbe();
        _dialog = Sys.ActorOf(PasswordDialog.Props(_session.Ref, passwordFile: "/home/alice/pw", answerTimeout: TimeSpan.FromMilliseconds(300)));
    }

    private string Notice() => _session.ExpectMsg<DialogNotice>().Line;

    /// <summary>The dialog asks (through the session) for a password: the user types it.</summary>
    private string Answer(string typed)
    {
        var ask = _session.ExpectMsg<AskForSecret>();
        Assert.Equal(_dialog, ask.Asker);
        ask.Asker.Tell(new TypedSecret(new Password(typed)));
        return ask.Prompt;
    }

    private T Request<T>() where T : ClientRequest => Assert.IsType<T>(_session.ExpectMsg<DialogRequest>().Request);

    [Fact]
    public void Register_asks_twice_sends_the_own_name_and_on_ok_hands_over_the_password()
    {
        _dialog.Tell(new StartPasswordDialog(AccountCommandKind.Register, "alice"));
        Assert.StartsWith("* /register: alice becomes an account", Notice());
        Assert.Equal("New password for alice: ", Answer(New));
        Assert.Equal("The same password again: ", Answer(New));

        var register = Request<RegisterRequest>();
        Assert.Equal(("alice", New), (register.Name, register.Password.Reveal()));
        Assert.True(PasswordDialog.IsDialogRef(register.Id));

        _dialog.Tell(new OkEvent { Ref = register.Id });
        Assert.Equal(new Password(New), _session.ExpectMsg<AccountPasswordSet>().Password);
        Assert.StartsWith("* alice is now registered", Notice());
    }

    [Fact]
    public void A_weak_or_mistyped_new_password_is_asked_for_again_and_an_empty_line_cancels()
    {
        _dialog.Tell(new StartPasswordDialog(AccountCommandKind.Register, "alice"));
        Notice();
        Answer("short");
        Assert.Equal("! a password is 8 to 256 characters; type another one", Notice());
        Answer(New);
        Answer(New + "!");
        Assert.Equal("! the two passwords differ; type the new password again", Notice());
        Answer("");
        Assert.Equal("* /register cancelled: no password typed", Notice());
        _session.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Passwd_asks_for_the_current_one_then_the_new_one_twice_and_says_the_file_is_not_rewritten()
    {
        _dialog.Tell(new StartPasswordDialog(AccountCommandKind.ChangePassword, "alice"));
        Notice();
        Assert.Equal("Current password for alice: ", Answer(Old));
        Assert.Equal("New password for alice: ", Answer(New));
        Assert.Equal("The same password again: ", Answer(New));

        var passwd = Request<PasswdRequest>();
        Assert.Equal((Old, New), (passwd.Old.Reveal(), passwd.New.Reveal()));
        _dialog.Tell(new OkEvent { Ref = passwd.Id });
        _session.ExpectMsg<AccountPasswordSet>();
        Assert.Equal("* the password of alice is changed; /home/alice/pw is not rewritten: put the new password in it before the next start with --password-file", Notice());
    }

    [Theory]
    [InlineData(ErrorCodes.BadPassword, null, "! the current password is wrong; nothing changed (/passwd to try again)")]
    [InlineData(ErrorCodes.WeakPassword, null, "! the server refused the new password: a password is 8 to 256 characters")]
    [InlineData(ErrorCodes.TooManyAttempts, 30, "! too many failed attempts for alice: the server checks no password for 30 s; try again then")]
    [InlineData(ErrorCodes.AccountRequired, null, "! alice is a guest name, with no password to change: /register it first")]
    public void A_refusal_is_said_in_plain_words_and_the_password_kept_is_not_changed(string code, int? retryAfter, string said)
    {
        _dialog.Tell(new StartPasswordDialog(AccountCommandKind.ChangePassword, "alice"));
        Notice();
        foreach (var typed in new[] { Old, New, New }) Answer(typed);
        var passwd = Request<PasswdRequest>();
        _dialog.Tell(new ErrorEvent(code, "server words") { Ref = passwd.Id, RetryAfter = retryAfter });

        var line = _session.ExpectMsg<DialogNotice>();
        Assert.Equal((said, true), (line.Line, line.IsError));
        _session.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // no AccountPasswordSet
    }

    [Fact]
    public void A_cancel_or_a_missing_answer_ends_the_dialog_and_a_second_command_waits_for_the_first()
    {
        _dialog.Tell(new StartPasswordDialog(AccountCommandKind.Register, "alice"));
        Notice();
        _session.ExpectMsg<AskForSecret>();
        _dialog.Tell(new StartPasswordDialog(AccountCommandKind.ChangePassword, "alice"));
        Assert.StartsWith("! a password dialog is in progress", Notice());
        _dialog.Tell(new CancelPasswordDialog("the connection was lost"));
        Assert.Equal(_dialog, _session.ExpectMsg<StopAskingForSecret>().Asker);
        Assert.Equal("* /register cancelled: the connection was lost", Notice());

        _dialog.Tell(new StartPasswordDialog(AccountCommandKind.Register, "alice"));
        Notice();
        Answer(New);
        Answer(New);
        Request<RegisterRequest>();
        Assert.Equal("* /register cancelled: no answer from the server", Notice()); // after 300 ms
    }

    [Fact]
    public void No_message_of_the_dialog_shows_a_password()
    {
        var register = new RegisterRequest("alice", new Password(New));
        Assert.DoesNotContain(New, new DialogRequest(register).ToString());
        Assert.DoesNotContain(New, new AccountPasswordSet(new Password(New), AccountCommandKind.Register).ToString());
        Assert.DoesNotContain(New, new TypedSecret(new Password(New)).ToString());
    }
}
