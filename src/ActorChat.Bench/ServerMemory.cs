namespace ActorChat.Bench;

/// <summary>A server process's resident memory, read from Linux's /proc by pid.</summary>
public static class ServerMemory
{
    /// <summary>VmRSS of <paramref name="pid"/> in bytes; null without a pid or when it cannot be read.</summary>
    public static long? ResidentBytes(int? pid)
    {
        if (pid is null) return null;
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return status is null ? null : long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException)
        {
            return null; // the process is gone
        }
    }
}
