using System.Globalization;

namespace ActorChat.Bench;

/// <summary>A broadcast run's cluster figures: each node's CPU per 1,000 deliveries, and the messages between nodes per message posted.</summary>
public static class ClusterReport
{
    public static void Write(BroadcastResult result, IReadOnlyList<int> pids, TextWriter output)
    {
        if (pids.Count == 0 && result.RemoteBatches is null) return;
        var parts = new List<string>();
        for (var i = 0; i < pids.Count && i < result.NodeCpu.Count; i++)
        {
            if (result.NodeCpu[i] is not { } cpu || result.Delivered == 0) continue;
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"node {i + 1} (pid {pids[i]}): {cpu.Cpu.TotalSeconds * 1000 / result.Delivered:F4} CPU s per 1,000 deliveries, busy {cpu.BusyPercent:F1} %"));
        }
        if (result.RemoteBatches is { } batches && result.Sent > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{batches} broadcasts between nodes for {result.Sent} messages posted: {(double)batches / result.Sent:F3} per message"));
        output.WriteLine("cluster: " + string.Join("; ", parts));
    }
}
