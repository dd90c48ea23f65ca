using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Accounts;

namespace ActorChat.Tests.Browser;

/// <summary>
/// too_many_attempts on the login screen: the page shows retry_after counting down, with the
/// login button disabled until it is over; then the right password logs in. The server here locks
/// a name after two failures, for 3 s (instead of five, for 10 s).
/// </summary>
public sealed class BrowserLockoutTests : BrowserTestBase
{
    private const string Password = "correct horse battery";

    protected override ServerLimits Limits => base.Limits with
    {
        LoginAttempts = AttemptLimits.Default with { PerName = 2, Lockout = TimeSpan.FromSeconds(3) },
    };

    [Fact]
    public async Task Too_many_failed_attempts_disable_the_login_until_retry_after_is_over()
    {
        var owner = await RawClientFor("alice");

        using var page = OpenBrowser();
        for (var i = 1; i <= 2; i++) Assert.Equal("bad_password", page.LogInRefused("alice", $"wrong password {i}").Code);

        // Locked: even the right password is refused, and the page counts down.
        var (text, code) = page.LogInRefused("alice", Password);
        Assert.Equal("too_many_attempts", code);
        Assert.Matches(@"^Too many failed attempts for this name\. You can try again in [1-3] s\.$", text);
        Assert.False(page.Find("#login-button").Enabled, "the login button waits for retry_after");
        Assert.NotNull(page.Find("#login-error").GetDomAttribute("data-retry-after"));

        page.WaitUntil(_ => page.Find("#login-button").Enabled, "the login button enabled once retry_after is over", TimeSpan.FromSeconds(10));
        Assert.Equal("You can try again now.", page.Text("#login-error"));
        page.LogIn("alice", Password);
        Assert.Equal("true", page.AccountBadge);
        Assert.Empty(page.WhereThePageHolds(Password));
        await owner.DisposeAsync();
        AssertNoPageErrors(page);
    }

    /// <summary>Registers the name over TCP and quits, so that it is registered and free.</summary>
    private async Task<Support.RawClient> RawClientFor(string name)
    {
        var client = await Support.RawClient.ConnectAsync(ChatEndPoint);
        await client.SendAsync(new RegisterRequest(name, new ActorChat.Messages.Password(Password)) { Id = "r" });
        await client.WaitForAsync<WelcomeEvent>(w => w.Account == true);
        await client.SendAsync(new QuitRequest());
        await client.WaitForAsync<ByeEvent>();
        return client;
    }
}
