using System.Collections.Concurrent;
using HdrHistogram;

namespace ActorChat.Bench;

/// <summary>
/// What every receiver saw: deliveries, duplicates (the same sender's sequence number twice
/// at one receiver), latencies, and any error or bye the server sent. Each receiver records
/// into its own <see cref="ReceiverLog"/> (no locks on the delivery path: a receiver is one
/// read loop); the totals are summed when asked.
/// </summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentQueue<ReceiverLog> _receivers = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private volatile bool _measuring;

    /// <summary>Only deliveries while measuring count (not the warm-up's).</summary>
    public void StartMeasuring() => _measuring = true;

    public void StopMeasuring() => _measuring = false;

    public bool IsMeasuring => _measuring;

    /// <summary>A new receiver's log; only its own read loop records into it.</summary>
    public ReceiverLog ForReceiver()
    {
        var receiver = new ReceiverLog(this);
        _receivers.Enqueue(receiver);
        return receiver;
    }

    public void Error(string frame) => _errors.Enqueue(frame);

    public long Deliveries => _receivers.Sum(r => r.Deliveries);

    public long Duplicates => _receivers.Sum(r => r.Duplicates);

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Every receiver's latencies (microseconds) in one histogram; call once the receivers are done.</summary>
    public LongHistogram Latencies()
    {
        var all = ReceiverLog.NewHistogram();
        foreach (var receiver in _receivers) all.Add(receiver.Histogram);
        return all;
    }
}
