using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Browser;

/// <summary>
/// Accounts in the browser client against the real server: creating one, logging in with its
/// password (and the refusals: password_required, bad_password), a login elsewhere that replaces
/// the page (which then does not reconnect, until the user takes the name back), /register and
/// /passwd, logging in again by itself after a server restart, and an account holder's direct
/// conversation caught up, exactly once, after a reconnect. The password is never in the page's
/// DOM, its inputs once used, its storage, its cookies or its URL.
/// </summary>
public sealed class BrowserAccountTests : BrowserTestBase
{
    private const string AlicePassword = "correct horse battery";
    private const string BobPassword = "staple glue lamp 42";
    private static readonly TimeSpan Reconnecting = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_login_elsewhere_replaces_the_page_which_does_not_reconnect_until_it_takes_the_name_back()
    {
        using var first = OpenBrowser();
        first.Register("alice", AlicePassword);
        Assert.Equal("true", first.AccountBadge);

        // A guest login of the registered name (held by the first page) asks for its password,
        // and the cursor goes there.
        using var second = OpenBrowser();
        var (asked, code) = second.LogInRefused("alice");
        Assert.Equal("password_required", code);
        Assert.Equal("The name alice is registered to an account: type its password to log in.", asked);
        Assert.Equal("login-password", second.Script("return document.activeElement.id;"));

        // A wrong password: plain words, the password field emptied, the form usable again.
        (var wrong, code) = second.LogInRefused("alice", "not the password");
        Assert.Equal("bad_password", code);
        Assert.Equal("Wrong name or password.", wrong);
        Assert.Equal("", second.Find("#login-password").GetDomProperty("value"));

        // The right one logs in, and takes the name from the first page.
        second.LogIn("alice", AlicePassword);
        Assert.Equal("true", second.AccountBadge);
        var shown = first.WaitForSignedOut("replaced");
        Assert.Contains("You logged in somewhere else", shown, StringComparison.Ordinal);
        Assert.Equal("replaced", first.Status);
        Assert.True(first.IsDisplayed("#take-back"), "the button that takes the name back");
        Assert.Equal("Take the name back", first.Text("#take-back"));
        Assert.False(first.IsDisplayed("#reconnect-now"), "no reconnect is waiting");

        // It does not reconnect: it would take the name back at its first try, within 1 s
        // (the backoff's first delay). Two refused logins of another client take at least two of
        // the server's 1 s refusal delays; by then the second page still holds the name.
        await TwoRefusalDelays();
        Assert.Equal("replaced", first.Status);
        Assert.Equal(1, first.WebSocketsOpened);
        Assert.Equal("online", second.Status);
        var carol = await LoginRaw("carol");
        Assert.Single(await Members(carol), n => n == "alice");

        // The user takes it back: a new login with the kept password; now the second page is replaced.
        first.TakeBack();
        Assert.Equal("true", first.AccountBadge);
        second.WaitForSignedOut("replaced");
        Assert.Equal(2, first.WebSocketsOpened);
        var mine = first.SayAndWait("back again");
        var heard = await carol.WaitForAsync<ChatMessage>(m => m.Text == "back again");
        Assert.Equal(("alice", mine.Id), (heard.From, heard.Id));

        foreach (var browser in new[] { first, second })
        {
            Assert.Empty(browser.WhereThePageHolds(AlicePassword));
            AssertNoPageErrors(browser);
        }
    }

    [Fact]
    public async Task A_registered_name_nobody_holds_asks_for_its_password_and_refuses_wrong_or_short_ones()
    {
        // alice is registered, and free again (the server frees a name before its bye arrives).
        var owner = await RegisterRaw("alice", AlicePassword);
        await owner.SendAsync(new QuitRequest());
        await owner.WaitForAsync<ByeEvent>();

        using var page = OpenBrowser();
        var (asked, code) = page.LogInRefused("alice");
        Assert.Equal("password_required", code);
        Assert.Equal("The name alice is registered to an account: type its password to log in.", asked);
        Assert.Equal("login-password", page.Script("return document.activeElement.id;"));

        (var wrong, code) = page.LogInRefused("alice", "wrong password");
        Assert.Equal(("bad_password", "Wrong name or password."), (code, wrong));

        // Too short to be a password: the page says so without asking the server.
        (var tooShort, code) = page.LogInRefused("alice", "short");
        Assert.Equal(("weak_password", "A password is 8 to 256 characters long."), (code, tooShort));

        page.LogIn("alice", AlicePassword);
        Assert.Equal("true", page.AccountBadge);
        Assert.Empty(page.WhereThePageHolds(AlicePassword));
        AssertNoPageErrors(page);
    }

    [Fact]
    public async Task A_guest_registers_its_name_with_register_and_changes_the_password_with_passwd()
    {
        using var page = OpenBrowser();
        page.LogIn("alice");
        Assert.Equal("false", page.AccountBadge);
        page.Say("/help");
        page.WaitForNotice("/register");

        // /passwd is for account holders; /register asks for the password twice in a dialog.
        page.Say("/passwd");
        page.WaitForNotice("You are a guest");
        page.Say("/register");
        page.SubmitPasswordDialog("register", AlicePassword, confirm: AlicePassword + "!");
        page.WaitUntil(_ => page.IsDisplayed("#account-error") && page.Text("#account-error").Contains("not the same", StringComparison.Ordinal), "the dialog's mismatch");
        page.Find("#account-new").Clear();
        page.Find("#account-confirm").Clear();
        page.SubmitPasswordDialog("register", AlicePassword);
        page.WaitForNotice("Your name alice is registered to your account");
        page.WaitUntil(_ => page.AccountBadge == "true", "the badge of an account holder");
        Assert.False(page.IsDisplayed("#account-dialog"), "the dialog is closed");

        // /passwd: a wrong current password is refused, in the conversation; the right one changes it.
        const string newPassword = "a brand new secret";
        page.Say("/passwd");
        page.SubmitPasswordDialog("passwd", newPassword, old: "not my password");
        page.WaitForNotice("The current password was wrong");
        page.Say("/passwd");
        page.SubmitPasswordDialog("passwd", newPassword, old: AlicePassword);
        page.WaitForNotice("Your password is changed.");

        // The account is real, with the new password: another page logs in with it and takes the
        // name over; the first page kept the new password too, and takes the name back with it.
        using var other = OpenBrowser();
        other.LogIn("alice", newPassword);
        page.WaitForSignedOut("replaced");
        page.TakeBack();
        other.WaitForSignedOut("replaced");

        foreach (var secret in new[] { AlicePassword, newPassword, "not my password" })
        {
            Assert.Empty(page.WhereThePageHolds(secret));
            Assert.Empty(other.WhereThePageHolds(secret));
        }
        AssertNoPageErrors(page);
        AssertNoPageErrors(other);
    }

    [Fact]
    public async Task After_a_server_restart_the_page_logs_in_again_with_its_password_by_itself()
    {
        using var alice = OpenBrowser();
        alice.Register("alice", AlicePassword);
        alice.SayAndWait("before the restart");

        await StopServerAsync();
        alice.WaitForStatus("reconnecting", TimeSpan.FromSeconds(20));
        await StartServerAsync(); // the same store: the account is still there

        // A guest login of alice would be refused (password_required), so being online again
        // means the page logged in with its password.
        alice.WaitForStatus("online", Reconnecting);
        Assert.Equal("true", alice.AccountBadge);
        Assert.False(alice.IsDisplayed("#signed-out-bar"), "no bar asking for the password");
        var bob = await LoginRaw("bob");
        alice.SayAndWait("after the restart");
        var heard = await bob.WaitForAsync<ChatMessage>(m => m.Text == "after the restart");
        Assert.Equal("alice", heard.From);
        Assert.Empty(alice.WhereThePageHolds(AlicePassword));
        AssertNoPageErrors(alice);
    }

    [Fact]
    public async Task A_direct_conversation_missed_during_a_reconnect_is_caught_up_exactly_once()
    {
        using var alice = OpenBrowser();
        alice.Register("alice", AlicePassword);
        var bob = await RegisterRaw("bob", BobPassword);

        await Dm(bob, "alice", "before");
        alice.OpenDirectTab("bob");
        alice.WaitForMessage("before");

        // The network fails one way: the server goes on delivering to alice, who hears nothing.
        Proxy.Deafen();
        for (var i = 1; i <= 3; i++) await Dm(bob, "alice", $"missed {i}");
        // alice's line reaches the server and is stored (bob gets it); its answer never comes back.
        alice.Say("sent into the void");
        await bob.WaitForAsync<ChatMessage>(m => m.Text == "sent into the void");
        Assert.Equal("sent", Assert.Single(alice.PendingLines()).State);

        // Then the connection breaks; alice types another line while it is down.
        Proxy.Cut();
        alice.WaitForStatus("reconnecting", TimeSpan.FromSeconds(20));
        alice.Say("typed while away");
        Proxy.Restore();

        alice.WaitForStatus("online", Reconnecting);
        alice.WaitForMessage("typed while away", own: true, Reconnecting);
        await Dm(bob, "alice", "after");
        alice.WaitForMessage("after");
        Assert.Empty(alice.PendingLines());

        // Shown once each, in the server's order, exactly what the server stored for the pair.
        var stored = await DirectHistory(bob, "alice");
        Assert.Equal(["before", "missed 1", "missed 2", "missed 3", "sent into the void", "typed while away", "after"], stored.Select(m => m.Text));
        Assert.Equal(stored.Select(m => (m.Id, m.From, m.Text)), alice.Messages().Select(m => (m.Id, m.Sender, m.Text)));
        Assert.Empty(alice.WhereThePageHolds(AlicePassword));
        AssertNoPageErrors(alice);
    }

    // ---------------------------------------------------------------- Helpers

    /// <summary>A console-protocol user that creates its account (register as its first frame), in the lobby.</summary>
    private async Task<RawClient> RegisterRaw(string name, string password)
    {
        var client = await RawClient.ConnectAsync(ChatEndPoint);
        await client.SendAsync(new RegisterRequest(name, new Password(password)) { Id = "r" });
        await client.WaitForAsync<WelcomeEvent>(w => w.Account == true);
        await client.WaitForAsync<JoinedEvent>(j => j.Name == name);
        Track(client);
        return client;
    }

    private static int _dms;

    private static async Task Dm(RawClient from, string to, string text)
    {
        var id = "dm-" + Interlocked.Increment(ref _dms);
        await from.SendAsync(new DmRequest(to, text) { Id = id });
        await from.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of(id));
    }

    private static async Task<IReadOnlyList<string>> Members(RawClient client)
    {
        await client.SendAsync(new WhoRequest("lobby") { Id = "who" });
        return (await client.WaitForAsync<WhoEvent>(w => w.Ref == RequestRef.Of("who"))).Members;
    }

    /// <summary>Pages back through the direct messages of an account holder with one user; oldest first.</summary>
    private static async Task<List<ChatMessage>> DirectHistory(RawClient client, string with)
    {
        var all = new List<ChatMessage>();
        long? before = null;
        var page = 0;
        while (true)
        {
            var id = "dh-" + ++page;
            await client.SendAsync(new DirectHistoryRequest(with, before, 200) { Id = id });
            var history = await client.WaitForAsync<DirectHistoryEvent>(h => h.Ref == RequestRef.Of(id));
            if (history.Messages.Count == 0) return all;
            all.InsertRange(0, history.Messages);
            before = history.Messages[0].Id;
        }
    }

    /// <summary>
    /// At least two of the server's refusal delays (1 s each, counted from the request's arrival):
    /// two logins with a password for a name that has no account, one after the other, each
    /// answered bad_password only once its delay has passed. A wait on the server, not a sleep.
    /// </summary>
    private async Task TwoRefusalDelays()
    {
        await using var probe = await RawClient.ConnectAsync(ChatEndPoint);
        for (var i = 1; i <= 2; i++)
        {
            await probe.SendAsync(new LoginRequest("nobody-here", new Password("some password")) { Id = i });
            var refusal = await probe.WaitForAsync<ErrorEvent>(e => e.Ref == RequestRef.Of(i));
            Assert.Equal(ErrorCodes.BadPassword, refusal.Code);
        }
    }
}
