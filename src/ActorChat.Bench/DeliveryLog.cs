using System.Collections.Concurrent;
using System.Diagnostics;

namespace ActorChat.Bench;

/// <summary>
/// What every receiver saw: deliveries, duplicates (the same sender's sequence number twice
/// at one receiver), latencies, and any error or bye the server sent.
/// </summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentDictionary<(int Receiver, int Sender), HashSet<long>> _seen = new();
    private readonly ConcurrentBag<double> _latencies = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private long _deliveries;
    private long _duplicates;
    private volatile bool _measuring;

    /// <summary>Only deliveries while measuring count (not the warm-up's).</summary>
    public void StartMeasuring() => _measuring = true;

    public void StopMeasuring() => _measuring = false;

    public void Delivered(int receiver, int sender, long sequence, long elapsedTicks)
    {
        if (!_measuring) return;
        var seen = _seen.GetOrAdd((receiver, sender), _ => new HashSet<long>());
        bool fresh;
        lock (seen) fresh = seen.Add(sequence);
        if (!fresh)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }
        Interlocked.Increment(ref _deliveries);
        _latencies.Add(elapsedTicks * 1000.0 / Stopwatch.Frequency);
    }

    public void Error(string frame) => _errors.Enqueue(frame);

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public IReadOnlyCollection<string> Errors => _errors;

    public double[] SortedLatencies() => _latencies.Order().ToArray();
}
