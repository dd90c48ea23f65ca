using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Metrics;
using ActorChat.Server.Network;
using ActorChat.Server.Users;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Network;

/// <summary>
/// A session's name, without its actor: what it claims, what it holds once granted, the
/// directory it watches. A probe plays the user directory; what the login tells it is the claim.
/// </summary>
public sealed class SessionLoginTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestProbe _users;
    private readonly RecordingWatcher _watcher = new();

    public SessionLoginTests() => _users = CreateTestProbe("users");

    private SessionLogin Login(ServerLimits? limits = null) => new(limits ?? new ServerLimits(), _users, "10.0.0.7", ChatMetrics.Of(Sys));

    private SessionLogin LoggedIn(bool account = false)
    {
        var login = Login();
        Assert.Null(login.Login(new LoginRequest("alice") { Id = "l" }));
        _users.ExpectMsg<ClaimName>();
        login.Claimed(new NameClaimed("alice", account), _users, _watcher);
        return login;
    }

    [Fact]
    public void A_login_without_a_password_claims_a_guest_name_and_with_one_the_account_s_from_the_client_s_address()
    {
        Assert.Null(Login().Login(new LoginRequest("alice")));
        _users.ExpectMsg(ClaimName.Guest("alice", "10.0.0.7"));
        Assert.Null(Login().Login(new LoginRequest("bob", new Password("secret-one"))));
        _users.ExpectMsg(new ClaimName("bob", ClaimKind.Password, new Password("secret-one"), "10.0.0.7"));
        Login().Register(new RegisterRequest("carol", new Password("secret-two")));
        _users.ExpectMsg(new ClaimName("carol", ClaimKind.Register, new Password("secret-two"), "10.0.0.7"));
    }

    [Fact]
    public void A_server_of_accounts_only_refuses_a_guest_login_with_its_ref_and_claims_nothing()
    {
        var login = Login(new ServerLimits { AccountsRequired = true });
        var refused = login.Login(new LoginRequest("alice") { Id = 3 });
        Assert.Equal((ErrorCodes.AccountRequired, RequestRef.Of(3)), (refused?.Code, refused?.Ref));

        Assert.Null(login.Login(new LoginRequest("alice", new Password("secret-one"))));
        // the first thing the directory hears is the login with a password
        Assert.Equal(ClaimKind.Password, _users.ExpectMsg<ClaimName>().Kind);
    }

    [Fact]
    public void The_name_granted_is_held_and_welcomed_with_the_login_s_ref_and_its_account()
    {
        var login = Login(new ServerLimits { Motd = "hello" });
        Assert.Null(login.Name);
        login.Login(new LoginRequest("alice", new Password("secret-one")) { Id = "l" });

        var welcome = login.Claimed(new NameClaimed("alice", Account: true), _users, _watcher);

        Assert.Equal(new WelcomeEvent("alice", ProtocolInfo.Version, ServerLimits.ServerVersion, "hello") { Account = true, Ref = "l" }, welcome);
        Assert.Equal(("alice", true), (login.Name, login.Account));
    }

    [Fact]
    public void A_refused_name_is_answered_with_the_login_s_ref_and_its_retry_time_and_nothing_is_held()
    {
        var login = Login();
        login.Login(new LoginRequest("alice") { Id = "l" });

        var error = login.Refused(new NameRefused(ErrorCodes.TooManyAttempts, "wait", RetryAfter: 30));

        Assert.Equal(new ErrorEvent(ErrorCodes.TooManyAttempts, "wait") { Ref = "l", RetryAfter = 30 }, error);
        Assert.Null(login.Name);
    }

    [Fact]
    public void Only_the_directory_that_granted_the_name_is_watched_and_its_end_reclaims_the_name_once()
    {
        var login = LoggedIn();
        var next = CreateTestProbe("next-directory");
        login.WatchDirectory(_users, _watcher);           // the same incarnation again: nothing
        login.OnTerminated(next);                         // not the directory: nothing
        login.OnTerminated(_users);                       // the directory ended
        login.OnTerminated(_users);                       // and is not watched any more
        _users.ExpectMsg(new ReclaimName("alice"));

        login.WatchDirectory(next, _watcher);
        login.WatchDirectory(_users, _watcher);           // a later incarnation again
        Assert.Equal(["watch users", "watch next-directory", "unwatch next-directory", "watch users"], _watcher.Calls);
        login.Release();
        _users.ExpectMsg<ReleaseName>();                  // nothing came between the reclaim and the release
    }

    [Fact]
    public void A_guest_holds_an_account_once_an_account_request_created_one()
    {
        var login = LoggedIn();
        Assert.False(login.AccountRequestDone(new AccountRequestDone("p", AccountCreated: false)));
        Assert.False(login.Account);
        Assert.True(login.AccountRequestDone(new AccountRequestDone("r", AccountCreated: true)));
        Assert.True(login.Account);
    }

    [Fact]
    public void Only_a_name_held_is_released()
    {
        var login = Login();
        login.Release();
        login.Login(new LoginRequest("alice"));
        _users.ExpectMsg<ClaimName>(); // the release before any name told the directory nothing
        login.Claimed(new NameClaimed("alice"), _users, _watcher);
        login.Release();
        _users.ExpectMsg<ReleaseName>();
    }
}
