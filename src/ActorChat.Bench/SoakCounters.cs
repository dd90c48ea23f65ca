using System.Collections.Concurrent;

namespace ActorChat.Bench;

/// <summary>What the <c>soak</c> clients did so far, counted by all of them at once (interlocked), read by the sampler.</summary>
public sealed class SoakCounters
{
    /// <summary>The first errors kept word for word, for the report.</summary>
    public const int KeptErrors = 10;

    private readonly ConcurrentQueue<string> _errors = new();
    private long _live, _logins, _quits, _vanished, _messages, _received, _errorCount, _dmMisses;

    /// <summary>Clients connected now (from connecting to closing).</summary>
    public int Live => (int)Interlocked.Read(ref _live);

    public long Logins => Interlocked.Read(ref _logins);

    public long Quits => Interlocked.Read(ref _quits);

    public long Vanished => Interlocked.Read(ref _vanished);

    /// <summary>Posts and direct messages sent.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Messages the clients received (their own copies and everyone else's).</summary>
    public long Received => Interlocked.Read(ref _received);

    public long Errors => Interlocked.Read(ref _errorCount);

    /// <summary>Direct messages to a client that had left meanwhile (<c>no_such_user</c>): expected, not errors.</summary>
    public long DmMisses => Interlocked.Read(ref _dmMisses);

    public IReadOnlyCollection<string> FirstErrors => _errors;

    public void Connected() => Interlocked.Increment(ref _live);
    public void Disconnected() => Interlocked.Decrement(ref _live);
    public void LoggedIn() => Interlocked.Increment(ref _logins);
    public void Quit() => Interlocked.Increment(ref _quits);
    public void Vanish() => Interlocked.Increment(ref _vanished);
    public void Sent() => Interlocked.Increment(ref _messages);
    public void Receive() => Interlocked.Increment(ref _received);
    public void DmMissed() => Interlocked.Increment(ref _dmMisses);

    public void Error(string what)
    {
        if (Interlocked.Increment(ref _errorCount) <= KeptErrors) _errors.Enqueue(what);
    }
}

/// <summary>Which client is logged in in which slot, so that a client can pick another live one to send a direct message to.</summary>
public sealed class LiveNames(int slots)
{
    private readonly string?[] _names = new string?[slots];

    public int Slots => _names.Length;

    public void Set(int slot, string name) => Volatile.Write(ref _names[slot], name);

    public void Clear(int slot) => Volatile.Write(ref _names[slot], null);

    /// <summary>The name in <paramref name="slot"/> if it is someone else's; null for an empty slot or <paramref name="self"/>.</summary>
    public string? Other(int slot, string self) => Volatile.Read(ref _names[slot]) is { } name && name != self ? name : null;
}
