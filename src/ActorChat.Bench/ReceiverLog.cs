using System.Diagnostics;
using HdrHistogram;

namespace ActorChat.Bench;

/// <summary>
/// One receiver's record of deliveries: a bit per (sender, sequence number) seen, so a second
/// copy counts as a duplicate, and an HdrHistogram of latencies in microseconds. Written by
/// one read loop only; the counters are read by others (volatile), the histogram at the end.
/// </summary>
public sealed class ReceiverLog
{
    /// <summary>Latencies from 1 µs to 10 minutes at 3 significant digits.</summary>
    public static LongHistogram NewHistogram() => new(TimeSpan.FromMinutes(10).Ticks / 10, 3);

    private readonly DeliveryLog _owner;
    private readonly Dictionary<int, ulong[]> _seenBySender = new();
    private long _deliveries;
    private long _duplicates;

    internal ReceiverLog(DeliveryLog owner) => _owner = owner;

    internal LongHistogram Histogram { get; } = NewHistogram();

    public long Deliveries => Volatile.Read(ref _deliveries);

    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <param name="elapsedTicks">Stopwatch ticks from the post to its delivery.</param>
    public void Delivered(int sender, long sequence, long elapsedTicks)
    {
        if (!_owner.IsMeasuring || sequence < 0) return;
        if (!_seenBySender.TryGetValue(sender, out var seen)) seen = _seenBySender[sender] = new ulong[1024];
        var word = (int)(sequence >> 6);
        if (word >= seen.Length)
        {
            Array.Resize(ref seen, Math.Max(seen.Length * 2, word + 1));
            _seenBySender[sender] = seen;
        }
        var bit = 1UL << (int)(sequence & 63);
        if ((seen[word] & bit) != 0)
        {
            Volatile.Write(ref _duplicates, _duplicates + 1);
            return;
        }
        seen[word] |= bit;
        Histogram.RecordValue(Math.Max(1, elapsedTicks * 1_000_000 / Stopwatch.Frequency));
        Volatile.Write(ref _deliveries, _deliveries + 1);
    }
}
