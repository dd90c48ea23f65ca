namespace ActorChat.Bench;

/// <summary>One step of a <c>--max</c> search: the offered rate, what the run measured, and why it did not hold (null if it held).</summary>
public sealed record MaxRateStep(double Rate, BroadcastResult Result, string? Failure)
{
    public bool Held => Failure is null;
}
