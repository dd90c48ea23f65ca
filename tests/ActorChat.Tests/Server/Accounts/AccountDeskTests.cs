using ActorChat.Messages;
using ActorChat.Messages.Rules;
using ActorChat.Server;
using ActorChat.Server.Accounts;
using ActorChat.Server.Storage;
using ActorChat.Server.Users;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Accounts;

/// <summary>
/// The desk's refusals on a virtual clock (Akka's TestScheduler): each one comes exactly when the
/// refusal delay is up, whether the name has an account, was locked, or cost a hash; a success
/// comes at once. No wall-clock time is measured.
/// </summary>
public sealed class AccountDeskTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    private readonly TempStorage _storage = new();
    private readonly IMessageStore _store;
    private readonly PasswordCheckQueue _checks = new(1, 8);
    private readonly AccountServices _services;
    private readonly TestProbe _directory;
    private readonly IActorRef _desk;
    private readonly TestProbe _session;

    public AccountDeskTests() : base("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
    {
        _store = _storage.Settings.OpenStore();
        _services = new AccountServices(_store.Accounts, new PasswordHasher(StoreTestKit.CheapHashCost), _checks);
        _services.Store.TryCreate("alice", new AccountRecord("alice", _services.Hasher.Hash(new Password("alice's password")), DateTime.UtcNow));
        var limits = new ServerLimits { LoginRefusalDelay = Delay, Clock = new ManualClock(), LoginAttempts = AttemptLimits.Default with { PerName = 2 } };
        _directory = CreateTestProbe();
        _desk = _directory.ChildActorOf(AccountDesk.Props(limits, _services));
        _session = CreateTestProbe();
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private void Check(string name, ClaimKind kind, string? password) =>
        _desk.Tell(new CheckClaim(_session.Ref, name, kind, password is null ? null : new Password(password), "10.0.0.1"));

    /// <summary>Nothing before the delay is up (the check itself, on real threads, is long done by then), the refusal the moment it is.</summary>
    private NameRefused RefusedExactlyAtTheDelay()
    {
        _directory.ExpectNoMsg(TimeSpan.FromMilliseconds(400));
        Scheduler.Advance(Delay - TimeSpan.FromMilliseconds(1));
        _directory.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        return _directory.ExpectMsg<ClaimChecked>().Refusal!;
    }

    [Fact]
    public void A_wrong_password_a_name_without_an_account_and_a_locked_name_are_refused_at_the_same_moment()
    {
        Check("alice", ClaimKind.Password, "a wrong password");
        Assert.Equal(ErrorCodes.BadPassword, RefusedExactlyAtTheDelay().Code);

        Check("nobody", ClaimKind.Password, "a wrong password");
        Assert.Equal(ErrorCodes.BadPassword, RefusedExactlyAtTheDelay().Code);

        Check("alice", ClaimKind.Password, "another wrong one"); // the second failure locks alice
        Assert.Equal(ErrorCodes.BadPassword, RefusedExactlyAtTheDelay().Code);

        Check("alice", ClaimKind.Password, "alice's password"); // locked: no hash, the same answer time
        var locked = RefusedExactlyAtTheDelay();
        Assert.Equal((ErrorCodes.TooManyAttempts, 10), (locked.Code, locked.RetryAfter));

        Check("alice", ClaimKind.Guest, null);
        Assert.Equal(ErrorCodes.PasswordRequired, RefusedExactlyAtTheDelay().Code);

        Check("alice", ClaimKind.Register, "a new password");
        Assert.Equal(ErrorCodes.NameTaken, RefusedExactlyAtTheDelay().Code);
    }

    [Fact]
    public void A_success_is_answered_at_once()
    {
        Check("alice", ClaimKind.Password, "alice's password");
        Assert.Null(_directory.ExpectMsg<ClaimChecked>().Refusal);

        Check("bob", ClaimKind.Guest, null);
        Assert.Null(_directory.ExpectMsg<ClaimChecked>().Refusal);

        Check("carol", ClaimKind.Register, "carol's password");
        Assert.Null(_directory.ExpectMsg<ClaimChecked>().Refusal);
        Assert.NotNull(_services.Store.Find(NameRules.Key("carol")));
    }

    [Fact]
    public void A_password_change_with_a_wrong_old_password_is_refused_to_the_session_at_the_delay()
    {
        _desk.Tell(new CheckPasswordChange(_session.Ref, "alice", new ChangePassword(new Password("a wrong password"), new Password("a new password"), "10.0.0.1", "p")));
        _session.ExpectNoMsg(TimeSpan.FromMilliseconds(400));
        Scheduler.Advance(Delay);
        var refused = _session.ExpectMsg<AccountRequestRefused>();
        Assert.Equal((ErrorCodes.BadPassword, RequestRef.Of("p")), (refused.Error.Code, refused.Error.Ref));

        _desk.Tell(new CheckPasswordChange(_session.Ref, "alice", new ChangePassword(new Password("alice's password"), new Password("a new password"), "10.0.0.1", "q")));
        Assert.Equal(new AccountRequestDone("q", false), _session.ExpectMsg<AccountRequestDone>());
        Assert.True(_services.Hasher.Verify(new Password("a new password"), _services.Store.Find("alice")!.PasswordHash));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _checks.Dispose();
        _store.Dispose();
        _storage.Dispose();
    }
}
