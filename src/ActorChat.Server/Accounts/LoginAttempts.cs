namespace ActorChat.Server.Accounts;

/// <summary>How many failed password checks a name or an address may have, and how long they lock it.</summary>
/// <param name="PerName">Failures for one name before it is locked.</param>
/// <param name="PerAddress">Failures from one address before it is locked (well above the name's: many people share an address behind NAT).</param>
/// <param name="Lockout">The first lock-out; each further failure doubles it.</param>
/// <param name="MaxLockout">The longest lock-out.</param>
/// <param name="Memory">Failures are forgotten after this long without one.</param>
public sealed record AttemptLimits(int PerName, int PerAddress, TimeSpan Lockout, TimeSpan MaxLockout, TimeSpan Memory)
{
    public static readonly AttemptLimits Default = new(5, 50, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1));
}

/// <summary>
/// Failed password checks, counted per name and per address (brute-force guard). Once either
/// reaches its limit it is locked: for <see cref="AttemptLimits.Lockout"/>, doubled with every
/// further failure up to <see cref="AttemptLimits.MaxLockout"/>. While locked, nothing is
/// checked (a right password is refused the same). A success clears the name's count, never the
/// address's; counts are forgotten after <see cref="AttemptLimits.Memory"/> without failures.
/// At most <paramref name="capacity"/> names and as many addresses are remembered (the stalest go first).
/// </summary>
public sealed class LoginAttempts(AttemptLimits limits, TimeProvider clock, int capacity = 100_000)
{
    private sealed class Count
    {
        public int Failures;
        public DateTimeOffset LastFailure;
        public DateTimeOffset LockedUntil;
    }

    private readonly Dictionary<string, Count> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Count> _addresses = new(StringComparer.Ordinal);

    public int NamesRemembered => _names.Count;

    public int AddressesRemembered => _addresses.Count;

    /// <summary>Whole seconds (at least 1) until the name or the address may try again; null when both may now.</summary>
    public int? RetryAfter(string nameKey, string address)
    {
        var now = clock.GetUtcNow();
        var wait = Max(Remaining(_names, nameKey, now), Remaining(_addresses, address, now));
        return wait is { } left ? (int)Math.Max(1, Math.Ceiling(left.TotalSeconds)) : null;
    }

    /// <summary>A wrong password for <paramref name="nameKey"/> from <paramref name="address"/>.</summary>
    public void Failed(string nameKey, string address)
    {
        var now = clock.GetUtcNow();
        Fail(_names, nameKey, limits.PerName, now);
        Fail(_addresses, address, limits.PerAddress, now);
    }

    /// <summary>A right password: the name starts afresh (the address does not: one account of its own must not clear its guesses at others).</summary>
    public void Succeeded(string nameKey) => _names.Remove(nameKey);

    private TimeSpan? Remaining(Dictionary<string, Count> counts, string key, DateTimeOffset now)
    {
        if (!counts.TryGetValue(key, out var count)) return null;
        if (Forgotten(count, now))
        {
            counts.Remove(key);
            return null;
        }
        return count.LockedUntil > now ? count.LockedUntil - now : null;
    }

    private void Fail(Dictionary<string, Count> counts, string key, int limit, DateTimeOffset now)
    {
        if (!counts.TryGetValue(key, out var count) || Forgotten(count, now))
        {
            MakeRoom(counts, now);
            counts[key] = count = new Count();
        }
        count.Failures++;
        count.LastFailure = now;
        if (count.Failures < limit) return;
        var doublings = Math.Min(count.Failures - limit, 30);
        var lockout = TimeSpan.FromTicks((long)Math.Min(limits.Lockout.Ticks * Math.Pow(2, doublings), limits.MaxLockout.Ticks));
        count.LockedUntil = now + lockout;
    }

    private bool Forgotten(Count count, DateTimeOffset now) => count.LockedUntil <= now && now - count.LastFailure >= limits.Memory;

    /// <summary>At capacity: forget what is forgotten anyway, then the stalest count.</summary>
    private void MakeRoom(Dictionary<string, Count> counts, DateTimeOffset now)
    {
        if (counts.Count < capacity) return;
        foreach (var (key, count) in counts)
            if (Forgotten(count, now)) counts.Remove(key);
        if (counts.Count < capacity) return;
        var stalest = counts.MinBy(entry => entry.Value.LastFailure).Key;
        counts.Remove(stalest);
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
