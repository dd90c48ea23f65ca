namespace ActorChat.Client.Session;

/// <summary>
/// Delays between reconnect attempts: doubling from <c>initial</c> up to <c>maximum</c>,
/// each drawn at random from the upper half of its step ("equal jitter").
/// </summary>
/// <remarks>
/// The jitter matters when a server restarts: every client lost its connection at the same
/// moment, and without it they would all knock again at the same moments too.
/// The randomness is injected so tests can pin it.
/// </remarks>
public sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _maximum;
    private readonly Func<double> _random;
    private int _attempt;

    /// <param name="initial">The step of the first attempt.</param>
    /// <param name="maximum">The largest step.</param>
    /// <param name="random">Returns a number in [0, 1), e.g. <see cref="Random.NextDouble"/>.</param>
    public Backoff(TimeSpan initial, TimeSpan maximum, Func<double> random)
    {
        if (initial <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(initial), "must be positive");
        if (maximum < initial) throw new ArgumentOutOfRangeException(nameof(maximum), "must be at least the initial delay");
        _initial = initial;
        _maximum = maximum;
        _random = random;
    }

    /// <summary>Attempts since the last <see cref="Reset"/>.</summary>
    public int Attempts => _attempt;

    /// <summary>The delay before the next attempt; each call counts as one attempt.</summary>
    public TimeSpan Next()
    {
        // Cap the exponent so the doubling cannot overflow after many failures.
        var factor = Math.Pow(2, Math.Min(_attempt, 30));
        _attempt++;
        var step = TimeSpan.FromTicks((long)Math.Min(_maximum.Ticks, _initial.Ticks * factor));
        var jitter = Math.Clamp(_random(), 0, 1);
        return step / 2 + step / 2 * jitter;
    }

    /// <summary>A connection succeeded: start again from the initial delay.</summary>
    public void Reset() => _attempt = 0;
}
