using ActorChat.Server.Network;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Server.Network;

public sealed class TokenBucketTests
{
    [Fact]
    public void A_burst_up_to_the_capacity_passes_then_the_rate_refills()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(perSecond: 20, capacity: 40, clock);
        Assert.Equal(40, Enumerable.Range(0, 100).Count(_ => bucket.TryTake()));
        clock.Advance(TimeSpan.FromMilliseconds(100)); // two tokens
        Assert.True(bucket.TryTake());
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
    }

    [Fact]
    public void A_steady_rate_at_the_limit_always_passes()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(perSecond: 20, capacity: 1, clock);
        for (var i = 0; i < 1000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
            Assert.True(bucket.TryTake());
        }
    }

    [Fact]
    public void Refill_never_passes_the_capacity()
    {
        var clock = new ManualClock();
        var bucket = new TokenBucket(perSecond: 20, capacity: 5, clock);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));
    }

    [Fact]
    public void Rate_0_is_unlimited()
    {
        var bucket = new TokenBucket(perSecond: 0, capacity: 1, new ManualClock());
        Assert.True(Enumerable.Range(0, 10_000).All(_ => bucket.TryTake()));
    }

    [Fact]
    public void Unlimited_buckets_are_one_shared_instance_that_always_passes_and_limited_ones_are_each_their_own()
    {
        var clock = new ManualClock();
        var unlimited = TokenBucket.Create(perSecond: 0, capacity: 1, clock);
        Assert.Same(unlimited, TokenBucket.Create(perSecond: -1, capacity: 5, clock));
        Assert.True(unlimited.IsUnlimited);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(unlimited.TryTake()));

        var limited = TokenBucket.Create(perSecond: 1, capacity: 2, clock);
        Assert.NotSame(limited, TokenBucket.Create(perSecond: 1, capacity: 2, clock));
        Assert.Equal(2, Enumerable.Range(0, 10).Count(_ => limited.TryTake()));
    }
}
