using ActorChat.Messages;
using ActorChat.Server.Accounts;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Server.Accounts;

public class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(StoreTestKit.CheapHashCost);

    [Fact]
    public void A_hash_checks_its_own_password_only_and_never_holds_it()
    {
        var hash = _hasher.Hash(new Password("correct horse battery"));

        Assert.True(_hasher.Verify(new Password("correct horse battery"), hash));
        Assert.False(_hasher.Verify(new Password("correct horse batterY"), hash));
        Assert.DoesNotContain("correct", hash);
        Assert.Matches(@"^\$argon2id\$v=19\$m=8,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", hash);
    }

    [Fact]
    public void Two_hashes_of_one_password_differ_by_their_salt()
    {
        Assert.NotEqual(_hasher.Hash(new Password("same password")), _hasher.Hash(new Password("same password")));
    }

    [Fact]
    public void The_default_cost_is_owasps_and_a_hash_of_another_cost_still_checks_but_wants_rehashing()
    {
        var defaultHasher = new PasswordHasher(Argon2Cost.Default);
        var cheap = _hasher.Hash(new Password("a password"));

        Assert.Equal(new Argon2Cost(19456, 2), Argon2Cost.Default);
        Assert.True(defaultHasher.Verify(new Password("a password"), cheap));
        Assert.True(defaultHasher.NeedsRehash(cheap));
        Assert.False(_hasher.NeedsRehash(cheap));
    }

    [Fact]
    public void A_password_is_one_whether_typed_composed_or_decomposed()
    {
        var hash = _hasher.Hash(new Password("caf\u00e9 au lait"));

        Assert.True(_hasher.Verify(new Password("cafe\u0301 au lait"), hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$argon2i$v=19$m=8,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=8,t=1,p=4$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=8,t=1,p=1$not base64!$AAAA")]
    public void A_stored_hash_that_is_not_ours_matches_nothing(string stored)
    {
        Assert.False(_hasher.Verify(new Password("any password"), stored));
        _hasher.VerifyNothing(new Password("any password")); // the equal-time check runs, and matches nothing
    }
}

public class LoginAttemptsTests
{
    private readonly ManualClock _clock = new();
    private readonly LoginAttempts _attempts;

    public LoginAttemptsTests() =>
        _attempts = new LoginAttempts(new AttemptLimits(3, 5, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromHours(1)), _clock, capacity: 4);

    [Fact]
    public void A_name_is_locked_at_its_limit_for_a_lockout_that_doubles_with_each_failure_up_to_the_longest()
    {
        for (var i = 0; i < 2; i++) _attempts.Failed("alice", "10.0.0.1");
        Assert.Null(_attempts.RetryAfter("alice", "10.0.0.1"));

        _attempts.Failed("alice", "10.0.0.2");
        Assert.Equal(10, _attempts.RetryAfter("alice", "10.0.0.9"));
        Assert.Null(_attempts.RetryAfter("bob", "10.0.0.9"));

        _clock.Advance(TimeSpan.FromSeconds(9.5));
        Assert.Equal(1, _attempts.RetryAfter("alice", "10.0.0.9")); // rounded up, at least 1
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Null(_attempts.RetryAfter("alice", "10.0.0.9"));

        var expected = new[] { 20, 40, 60, 60 };
        foreach (var lockout in expected)
        {
            _attempts.Failed("alice", "10.0.0.3");
            Assert.Equal(lockout, _attempts.RetryAfter("alice", "10.0.0.3"));
            _clock.Advance(TimeSpan.FromSeconds(lockout));
        }
    }

    [Fact]
    public void An_address_is_locked_for_every_name_and_a_success_clears_only_the_name()
    {
        for (var i = 0; i < 5; i++) _attempts.Failed("user" + i, "10.0.0.1");

        Assert.Equal(10, _attempts.RetryAfter("carol", "10.0.0.1"));
        Assert.Null(_attempts.RetryAfter("carol", "10.0.0.2"));

        _attempts.Failed("dave", "10.0.0.7");
        _attempts.Failed("dave", "10.0.0.7");
        _attempts.Succeeded("dave");
        _attempts.Failed("dave", "10.0.0.8");
        Assert.Null(_attempts.RetryAfter("dave", "10.0.0.8")); // one failure since the success
    }

    [Fact]
    public void Failures_are_forgotten_after_an_hour_without_one_and_memory_is_bounded()
    {
        _attempts.Failed("alice", "10.0.0.1");
        _attempts.Failed("alice", "10.0.0.1");
        _clock.Advance(TimeSpan.FromHours(1));
        _attempts.Failed("alice", "10.0.0.1");
        Assert.Null(_attempts.RetryAfter("alice", "10.0.0.1"));

        for (var i = 0; i < 50; i++) _attempts.Failed("name" + i, "10.0.1." + i);
        Assert.True(_attempts.NamesRemembered <= 4);
        Assert.True(_attempts.AddressesRemembered <= 4);
    }
}

public class PacedRepliesTests
{
    private readonly PacedReplies<string> _paced = new();

    [Fact]
    public void A_refusal_before_its_time_waits_for_it_and_one_after_goes_at_once()
    {
        _paced.Start(1);
        _paced.Start(2);

        Assert.Null(_paced.Refuse(1, "early"));
        Assert.Equal("early", _paced.TimeUp(1));
        Assert.Null(_paced.TimeUp(2));
        Assert.Equal("late", _paced.Refuse(2, "late"));
        Assert.Equal(0, _paced.Count);
    }

    [Fact]
    public void A_request_not_paced_or_cancelled_is_answered_at_once_and_forgotten()
    {
        Assert.Equal("now", _paced.Refuse(7, "now"));
        _paced.Start(8);
        _paced.Cancel(8);
        Assert.Null(_paced.TimeUp(8));
        Assert.Equal(0, _paced.Count);
    }
}

public class PasswordCheckQueueTests
{
    [Fact]
    public async Task Checks_run_on_the_queues_own_threads_and_one_more_than_may_wait_is_refused_at_once()
    {
        using var queue = new PasswordCheckQueue(threads: 1, waiting: 2);
        using var gate = new ManualResetEventSlim();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = queue.Run(() => { running.SetResult(); gate.Wait(); return Thread.CurrentThread.Name; });
        await running.Task; // the one thread is busy with the first check
        var waiting = new[] { queue.Run(() => "second"), queue.Run(() => "third") };
        var refused = queue.Run(() => "fourth");

        Assert.True(refused.IsFaulted);
        Assert.IsType<QueueFullException>(refused.Exception!.InnerException);
        gate.Set();
        Assert.Equal("actorchat-password-check-1", await first);
        Assert.Equal(["second", "third"], await Task.WhenAll(waiting));
    }

    [Fact]
    public async Task A_check_that_throws_fails_its_task_only()
    {
        using var queue = new PasswordCheckQueue(threads: 1, waiting: 4);

        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.Run<int>(() => throw new InvalidOperationException("store down")));
        Assert.Equal(7, await queue.Run(() => 7));
    }
}
