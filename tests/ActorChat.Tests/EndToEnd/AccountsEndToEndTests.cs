using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Accounts;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// Accounts over the real socket (PROTOCOL.md version 2, "Accounts"): registering, passwords,
/// takeover, password changes, lock-outs (on an injected clock), and what survives a restart.
/// </summary>
public sealed class AccountsEndToEndTests : ServerTestBase
{
    private const string Password = "correct horse battery";
    private const string Wrong = "not the password";

    private readonly ManualClock _clock = new();

    /// <summary>A short refusal delay keeps the tests quick; the rule itself is checked on a virtual clock (AccountDeskTests).</summary>
    protected override ServerLimits Limits => base.Limits with
    {
        Clock = _clock,
        LoginRefusalDelay = TimeSpan.FromMilliseconds(50),
        LoginAttempts = AttemptLimits.Default with { PerName = 3, PerAddress = 8 },
        PasswordHashCost = StoreTestKit.CheapHashCost,
    };

    private async Task<ErrorEvent> Refused(RawClient client, ClientRequest request)
    {
        await client.SendAsync(request);
        return await client.WaitForAsync<ErrorEvent>();
    }

    private static LoginRequest LoginWith(string name, string password, string? id = null) => new(name, new Password(password)) { Id = id is null ? null : RequestRef.Of(id) };

    [Fact]
    public async Task Register_logs_in_with_an_account_and_a_guest_is_told_it_is_one()
    {
        await using var alice = await Connect();
        var welcome = await alice.LoginAsync("alice", Password, register: true);
        await using var bob = await Login("bob");

        Assert.Equal((true, ProtocolInfo.Version), (welcome.Account, welcome.Protocol));
        await bob.SendAsync(new PingRequest());
        await bob.ExpectAsync<PongEvent>();
        await using var carol = await Connect();
        await carol.SendAsync(new LoginRequest("carol"));
        Assert.Equal(false, (await carol.ExpectAsync<WelcomeEvent>()).Account);
    }

    [Fact]
    public async Task A_registered_name_needs_its_password_and_a_wrong_one_is_refused_whether_or_not_it_is_in_use()
    {
        await using var alice = await RawClient.AccountAsync(Server.EndPoint, "alice", Password); // registered, and in use
        await using var intruder = await Connect();

        Assert.Equal(ErrorCodes.PasswordRequired, (await Refused(intruder, new LoginRequest("alice") { Id = "g" })).Code);
        var wrong = await Refused(intruder, LoginWith("ALICE", Wrong, "w"));
        Assert.Equal((ErrorCodes.BadPassword, RequestRef.Of("w")), (wrong.Code, wrong.Ref));
        Assert.DoesNotContain(Wrong, wrong.Message);
        Assert.Equal(ErrorCodes.BadPassword, (await Refused(intruder, LoginWith("nobody", Password))).Code); // no such account: no guest by surprise
        Assert.Equal(ErrorCodes.NameTaken, (await Refused(intruder, new RegisterRequest("alice", new Password(Password)))).Code);
        Assert.Equal(ErrorCodes.WeakPassword, (await Refused(intruder, new RegisterRequest("dave", new Password("short")))).Code);
        Assert.Equal(ErrorCodes.WeakPassword, (await Refused(intruder, LoginWith("alice", new string('x', 257)))).Code);

        // The refused connection may still log in: as a guest of a free name.
        await intruder.LoginAsync("intruder");
    }

    [Fact]
    public async Task Register_of_a_name_a_guest_holds_is_name_taken()
    {
        await using var guest = await Login("bob");
        await using var other = await Connect();

        Assert.Equal(ErrorCodes.NameTaken, (await Refused(other, new RegisterRequest("Bob", new Password(Password)))).Code);
    }

    [Fact]
    public async Task Logging_in_elsewhere_replaces_the_old_connection_and_the_room_sees_left_then_joined()
    {
        await using var first = await RawClient.AccountAsync(Server.EndPoint, "alice", Password);
        await using var bob = await Login("bob");
        await first.WaitForAsync<JoinedEvent>(j => j.Name == "bob");

        await using var second = await Connect();
        var welcome = await second.LoginAsync("alice", Password);

        Assert.True(welcome.Account);
        Assert.Equal(new ByeEvent(ByeReasons.Replaced), await first.WaitForAsync<ByeEvent>());
        await first.ExpectClosedAsync();
        var left = await bob.WaitForAsync<LeftEvent>(l => l.Name == "alice");
        Assert.Equal((ByeReasons.Replaced, 1), (left.Reason, left.Members));
        Assert.Equal(new JoinedEvent(ProtocolInfo.Lobby, "alice", 2), await bob.ExpectAsync<JoinedEvent>());

        // The name is the new connection's: direct messages go there.
        await bob.SendAsync(new DmRequest("alice", "are you there?"));
        Assert.Equal("are you there?", (await second.WaitForAsync<ChatMessage>(m => m.IsDirect)).Text);
        await bob.SendAsync(new WhoRequest());
        Assert.Equal(["alice", "bob"], (await bob.WaitForAsync<WhoEvent>()).Members);
    }

    [Fact]
    public async Task Passwd_changes_the_password_for_the_next_login_and_a_guest_has_none()
    {
        await using (var alice = await RawClient.AccountAsync(Server.EndPoint, "alice", Password))
        {
            Assert.Equal(ErrorCodes.BadPassword, (await Refused(alice, new PasswdRequest(new Password(Wrong), new Password("a new password")))).Code);
            Assert.Equal(ErrorCodes.WeakPassword, (await Refused(alice, new PasswdRequest(new Password(Password), new Password("short")))).Code);
            await alice.SendAsync(new PasswdRequest(new Password(Password), new Password("a new password")) { Id = "p" });
            Assert.Equal(new OkEvent { Ref = "p" }, await alice.ExpectAsync<OkEvent>());
            await alice.SendAsync(new QuitRequest());
            await alice.WaitForAsync<ByeEvent>();
        }
        await using var again = await Connect();
        Assert.Equal(ErrorCodes.BadPassword, (await Refused(again, LoginWith("alice", Password))).Code);
        Assert.True((await again.LoginAsync("alice", "a new password")).Account);

        await using var guest = await Login("bob");
        Assert.Equal(ErrorCodes.AccountRequired, (await Refused(guest, new PasswdRequest(new Password(Password), new Password("a new password")))).Code);
    }

    [Fact]
    public async Task A_guest_registers_the_name_it_holds_and_keeps_its_connection()
    {
        await using var bob = await Login("bob");

        await bob.SendAsync(new RegisterRequest("bob", new Password(Password)) { Id = "r" });
        Assert.Equal(new OkEvent { Ref = "r" }, await bob.ExpectAsync<OkEvent>());
        Assert.Equal(ErrorCodes.AlreadyLoggedIn, (await Refused(bob, new RegisterRequest("bob", new Password(Password)))).Code);
        Assert.Equal(ErrorCodes.AlreadyLoggedIn, (await Refused(bob, new RegisterRequest("robert", new Password(Password)))).Code);
        await bob.SendAsync(new DirectHistoryRequest("alice") { Id = "h" });
        Assert.Equal(new DirectHistoryEvent("alice", []) { Ref = "h" }, await bob.ExpectAsync<DirectHistoryEvent>());

        await using var other = await Connect();
        Assert.Equal(ErrorCodes.PasswordRequired, (await Refused(other, new LoginRequest("bob"))).Code);
    }

    [Fact]
    public async Task Too_many_wrong_passwords_lock_the_name_even_for_the_right_one_until_the_lockout_ends_and_it_grows()
    {
        await using (var alice = await RawClient.AccountAsync(Server.EndPoint, "alice", Password))
        {
            await alice.SendAsync(new QuitRequest());
            await alice.WaitForAsync<ByeEvent>();
        }
        await using var guesser = await Connect();
        for (var i = 0; i < 3; i++) Assert.Equal(ErrorCodes.BadPassword, (await Refused(guesser, LoginWith("alice", Wrong + i))).Code);

        var locked = await Refused(guesser, LoginWith("alice", Password));
        Assert.Equal((ErrorCodes.TooManyAttempts, 10), (locked.Code, locked.RetryAfter));

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(6, (await Refused(guesser, LoginWith("alice", Wrong))).RetryAfter);
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(ErrorCodes.BadPassword, (await Refused(guesser, LoginWith("alice", Wrong))).Code);
        Assert.Equal(20, (await Refused(guesser, LoginWith("alice", Password))).RetryAfter); // the 4th failure doubled it
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True((await guesser.LoginAsync("alice", Password)).Account);
    }

    [Fact]
    public async Task Failures_from_one_address_lock_it_for_every_name()
    {
        await using var alice = await RawClient.AccountAsync(Server.EndPoint, "alice", Password);
        await using var guesser = await Connect();
        for (var i = 0; i < 8; i++) await Refused(guesser, LoginWith("user" + i, Wrong)); // 8 names, one failure each

        var locked = await Refused(guesser, LoginWith("alice", Password));
        Assert.Equal(ErrorCodes.TooManyAttempts, locked.Code);
        Assert.True(locked.RetryAfter >= 1);
    }

    [Fact]
    public async Task Direct_message_history_is_for_account_holders_and_starts_with_the_account()
    {
        await using var alice = await RawClient.AccountAsync(Server.EndPoint, "alice", Password);
        await using var carol = await Login("carol");
        await carol.SendAsync(new DmRequest("alice", "said as a guest"));
        await alice.WaitForAsync<ChatMessage>(m => m.Text == "said as a guest");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await alice.SendAsync(new DmRequest("carol", "one") { Id = 1 });
        await alice.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of(1));
        await carol.SendAsync(new DmRequest("alice", "two"));
        await alice.WaitForAsync<ChatMessage>(m => m.Text == "two");

        await alice.SendAsync(new DirectHistoryRequest("Carol") { Id = "h" });
        var page = await alice.WaitForAsync<DirectHistoryEvent>();
        Assert.Equal(["said as a guest", "one", "two"], page.Messages.Select(m => m.Text));
        Assert.Equal(("carol", "alice"), (page.Messages[1].To, page.Messages[1].From));
        await alice.SendAsync(new DirectHistoryRequest("carol", page.Messages[^1].Id, 1) { Id = "h2" });
        Assert.Equal(["one"], (await alice.WaitForAsync<DirectHistoryEvent>()).Messages.Select(m => m.Text));

        Assert.Equal(ErrorCodes.AccountRequired, (await Refused(carol, new DirectHistoryRequest("alice"))).Code);
        // Carol registers later: what the guest carol said before is not the account's.
        _clock.Advance(TimeSpan.FromSeconds(1));
        await carol.SendAsync(new RegisterRequest("carol", new Password(Password)));
        await carol.ExpectAsync<OkEvent>();
        await carol.SendAsync(new DirectHistoryRequest("alice"));
        Assert.Empty((await carol.ExpectAsync<DirectHistoryEvent>()).Messages);
        Assert.Equal(ErrorCodes.InvalidName, (await Refused(alice, new DirectHistoryRequest("not a name!"))).Code);
    }
}

/// <summary>A server run with <c>--accounts required</c>.</summary>
public sealed class RequiredAccountsEndToEndTests : ServerTestBase
{
    protected override ServerLimits Limits => base.Limits with { AccountsRequired = true, PasswordHashCost = StoreTestKit.CheapHashCost, LoginRefusalDelay = TimeSpan.Zero };

    [Fact]
    public async Task A_guest_login_is_refused_and_register_is_open()
    {
        await using var guest = await Connect();
        await guest.SendAsync(new LoginRequest("bob") { Id = "l" });
        var refused = await guest.ExpectAsync<ErrorEvent>();
        Assert.Equal((ErrorCodes.AccountRequired, RequestRef.Of("l")), (refused.Code, refused.Ref));

        Assert.True((await guest.LoginAsync("bob", "correct horse battery", register: true)).Account);
    }
}

/// <summary>On an embedded SQLite file (the default).</summary>
public sealed class SqliteAccountsRestartEndToEndTests() : AccountsRestartEndToEndTests(new TempStorage(), skipReason: null);

/// <summary>On a PostgreSQL server (skipped, with the reason, where none is reachable; CI has one).</summary>
public sealed class PostgresAccountsRestartEndToEndTests() : AccountsRestartEndToEndTests(
    TempStorage.Postgres(out var unavailable) ?? new TempStorage(), unavailable);

/// <summary>Accounts and direct-message history survive a restart: they are kept in the store with the history.</summary>
public abstract class AccountsRestartEndToEndTests(TempStorage storage, string? skipReason) : IDisposable
{
    private readonly TempStorage _storage = storage;

    public void Dispose() => _storage.Dispose();

    [SkippableFact]
    public async Task After_a_restart_the_password_still_works_and_the_direct_history_is_there()
    {
        Skip.If(skipReason is not null, skipReason);
        var limits = new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero, RatePerSecond = 0, LoginRefusalDelay = TimeSpan.Zero };
        await using (var server = await ChatServer.StartAsync(limits, _storage.Settings))
        {
            await using var alice = await RawClient.AccountAsync(server.EndPoint, "alice", "alice's password");
            await using var bob = await RawClient.AccountAsync(server.EndPoint, "bob", "bob's password");
            await alice.SendAsync(new DmRequest("bob", "remember this") { Id = "d" });
            await alice.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("d"));
        }

        await using var restarted = await ChatServer.StartAsync(limits, _storage.Settings);
        await using var bobAgain = await RawClient.ConnectAsync(restarted.EndPoint);
        await bobAgain.SendAsync(new LoginRequest("bob", new Password("alice's password")));
        Assert.Equal(ErrorCodes.BadPassword, (await bobAgain.ExpectAsync<ErrorEvent>()).Code);
        Assert.True((await bobAgain.LoginAsync("bob", "bob's password")).Account);
        await bobAgain.SendAsync(new DirectHistoryRequest("alice"));
        var page = await bobAgain.ExpectAsync<DirectHistoryEvent>();
        Assert.Equal([("bob", "alice", "remember this")], page.Messages.Select(m => (m.To!, m.From, m.Text)));
    }
}
