namespace ActorChat.Bench;

/// <summary>
/// What a <c>--max</c> search found. <see cref="Best"/> is the highest step that held (null if
/// even the first did not). When <see cref="LimitFound"/> is false every step held and the search
/// ran out of steps, so the server's limit is above <see cref="Best"/>, not at it.
/// </summary>
public sealed record MaxRateOutcome(IReadOnlyList<MaxRateStep> Steps, MaxRateStep? Best)
{
    /// <summary>True if the search stopped at a step that did not hold (the last one).</summary>
    public bool LimitFound => Steps.Count > 0 && !Steps[^1].Held;

    /// <summary>The step that did not hold, if the search found the limit.</summary>
    public MaxRateStep? FirstFailure => LimitFound ? Steps[^1] : null;
}
