namespace ActorChat.Bench;

/// <summary>How a <c>soak</c> client's life ends.</summary>
public enum SoakEnding
{
    /// <summary>It sends <c>quit</c> and waits for the <c>bye</c>: most clients.</summary>
    Quit,

    /// <summary>It vanishes: the socket is closed with a TCP reset (SO_LINGER 0), as a crashed client or a pulled cable would.</summary>
    Reset,

    /// <summary>It vanishes in the middle of a frame: half a request, no LF, then the socket is closed.</summary>
    CutMidFrame,
}

/// <summary>One client's life in a <c>soak</c>: the rooms it joins, how many posts it makes, whether it sends a direct message, how it ends.</summary>
/// <param name="Rooms">Indexes of the rooms it joins (one or two, distinct).</param>
public sealed record ClientLife(IReadOnlyList<int> Rooms, int Says, bool SendsDm, SoakEnding Ending);

/// <summary>
/// Draws <see cref="ClientLife"/>s: one or two random rooms of <paramref name="rooms"/>, a few
/// posts (<see cref="MinSays"/> to <see cref="MaxSays"/>), a direct message one time in three, and
/// an ending: about one in five vanish without <c>quit</c> (half by reset, half mid-frame), the
/// rest quit. One per client slot, each with its own <see cref="Random"/> (not thread-safe), so
/// that a seed replays a run's choices.
/// </summary>
public sealed class SoakPlan(int rooms, Random random)
{
    public const int MinSays = 2, MaxSays = 6;
    public const double DmChance = 1 / 3.0, VanishChance = 0.2;

    public ClientLife Next()
    {
        var first = random.Next(rooms);
        var joined = rooms > 1 && random.Next(2) == 1 ? new[] { first, (first + 1 + random.Next(rooms - 1)) % rooms } : new[] { first };
        var says = random.Next(MinSays, MaxSays + 1);
        var dm = random.NextDouble() < DmChance;
        var ending = random.NextDouble() < VanishChance ? (random.Next(2) == 0 ? SoakEnding.Reset : SoakEnding.CutMidFrame) : SoakEnding.Quit;
        return new ClientLife(joined, says, dm, ending);
    }

    /// <summary>A wait of <paramref name="mean"/> ± half, so that clients do not post in step.</summary>
    public TimeSpan Jitter(TimeSpan mean) => mean * (0.5 + random.NextDouble());

    /// <summary>A random slot index below <paramref name="slots"/> (whom to send a direct message).</summary>
    public int AnySlot(int slots) => random.Next(slots);
}
