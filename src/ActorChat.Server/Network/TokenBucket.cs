namespace ActorChat.Server.Network;

/// <summary>
/// A token bucket: holds up to <c>capacity</c> tokens, refilled continuously at
/// <c>perSecond</c>; each event takes one. Time comes from the injected clock, so tests
/// move it by hand. A rate of 0 or less means "unlimited".
/// </summary>
public sealed class TokenBucket
{
    private readonly double _capacity;
    private readonly double _perSecond;
    private readonly TimeProvider _clock;
    private double _tokens;
    private long _last;

    public TokenBucket(double perSecond, int capacity, TimeProvider clock)
    {
        _perSecond = perSecond;
        _capacity = Math.Max(1, capacity);
        _clock = clock;
        _tokens = _capacity;
        _last = clock.GetTimestamp();
    }

    /// <summary>
    /// A bucket for <paramref name="perSecond"/>; an unlimited one keeps no state, so all share one.
    /// </summary>
    public static TokenBucket Create(double perSecond, int capacity, TimeProvider clock) =>
        perSecond <= 0 ? Unlimited : new TokenBucket(perSecond, capacity, clock);

    private static readonly TokenBucket Unlimited = new(0, 1, TimeProvider.System);

    public bool IsUnlimited => _perSecond <= 0;

    /// <summary>Takes a token if one is there; false when the bucket is empty (the event is over the rate).</summary>
    public bool TryTake()
    {
        if (IsUnlimited) return true;
        var now = _clock.GetTimestamp();
        _tokens = Math.Min(_capacity, _tokens + _clock.GetElapsedTime(_last, now).TotalSeconds * _perSecond);
        _last = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
