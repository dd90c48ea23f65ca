namespace ActorChat.Bench;

/// <summary>
/// <c>--max</c>: the highest offered rate a server carries by <see cref="MaxRateSettings"/>'s bar.
/// It takes the run as a function so that the stepping is tested without sockets.
/// </summary>
/// <remarks>
/// Stepping is geometric: start at <see cref="MaxRateSettings.StartRate"/>, multiply by
/// <see cref="MaxRateSettings.StepFactor"/> (1.25) after each step, and stop at the first
/// step that does not hold, or after <see cref="MaxRateSettings.MaxSteps"/>. Not double-then-bisect,
/// because: every step is a full run (the posting time plus a drain of up to 10 s); runs on the
/// shared two-core machine move by ±30 % from run to run, so bisecting finer than a 25 % step
/// measures noise, and a bisection that meets a noisy step goes the wrong way for good; doubling
/// overshoots the knee by up to 2×, and runs far past it are the slowest and leave the server the
/// most backlog; and a constant ratio spreads the steps evenly along the chart's rate axis.
/// The answer is good to one step: the limit lies between the best rate and the next.
/// <para>
/// With <see cref="MaxRateSettings.ContinuePastFailure"/> N the search goes on for up to N more
/// steps after the first that did not hold, to find the ceiling (the most deliveries/s, whatever
/// the latency) past the knee; it stops early at a step, from the first failure on, that
/// delivered less than the step before it. The steps past the failure do not change
/// <see cref="MaxRateOutcome.Best"/>: it stays the highest rate that held below the knee.
/// </para>
/// </remarks>
/// <param name="run">One full run at the given offered rate (messages/s, all senders together).</param>
/// <param name="pause">Waits between steps (see <see cref="BroadcastRunner.DefaultPause"/>); tests pass one that does not sleep.</param>
public sealed class MaxRateSearch(MaxRateSettings settings, Func<double, Task<BroadcastResult>> run, Func<Task> pause)
{
    /// <param name="stepDone">Called after each step, so that a long search reports as it goes.</param>
    public async Task<MaxRateOutcome> RunAsync(Action<MaxRateStep>? stepDone = null)
    {
        var steps = new List<MaxRateStep>(settings.MaxSteps);
        MaxRateStep? best = null;
        var pastFailure = -1; // steps since the first failure; -1 before it
        var rate = settings.StartRate;
        for (var i = 0; i < settings.MaxSteps; i++)
        {
            if (i > 0) await pause();
            var result = await run(rate);
            var step = new MaxRateStep(rate, result, settings.WhyNotHeld(result));
            steps.Add(step);
            stepDone?.Invoke(step);
            if (pastFailure < 0 && step.Held) best = step;
            else if (++pastFailure >= settings.ContinuePastFailure || DeliveredLessThanBefore(steps)) break;
            rate = settings.NextRate(rate);
        }
        return new MaxRateOutcome(steps, best);
    }

    private static bool DeliveredLessThanBefore(List<MaxRateStep> steps) =>
        steps.Count > 1 && steps[^1].Result.DeliveriesPerSecond < steps[^2].Result.DeliveriesPerSecond;
}
