using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ActorChat.Bench;

/// <summary>
/// A server process's CPU time (user + system), read from Linux's /proc by pid, like
/// <see cref="ServerMemory"/>: it works for any server, ActorChat or an IRC server, since it
/// asks the kernel, not the server.
/// </summary>
public static class ServerCpu
{
    private const int ScClkTck = 2; // _SC_CLK_TCK in glibc's and musl's unistd.h

    /// <summary>USER_HZ: the clock ticks per second that /proc/PID/stat counts in (normally 100), read once.</summary>
    public static long TicksPerSecond { get; } = ReadTicksPerSecond();

    /// <summary>The CPU time <paramref name="pid"/> has used so far, and when it was read; null without a pid or when it cannot be read.</summary>
    public static CpuSample? Sample(int? pid)
    {
        if (pid is null) return null;
        try
        {
            var ticks = ParseStat(File.ReadAllText($"/proc/{pid}/stat"));
            return ticks is { } t ? new CpuSample(TimeSpan.FromSeconds((double)t / TicksPerSecond), Stopwatch.GetTimestamp()) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process is gone, or this is not Linux
        }
    }

    /// <summary>
    /// utime + stime (fields 14 and 15, in clock ticks) of a <c>/proc/PID/stat</c> line; null if
    /// it does not parse. Fields are counted after the command name's closing parenthesis,
    /// since the name itself may hold spaces and parentheses.
    /// </summary>
    public static long? ParseStat(string stat)
    {
        var end = stat.LastIndexOf(')');
        if (end < 0) return null;
        // after ")": field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12
        var fields = stat[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 13) return null;
        return long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system)
            ? user + system
            : null;
    }

    private static long ReadTicksPerSecond()
    {
        try
        {
            var hz = SysConf(ScClkTck);
            return hz > 0 ? hz : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}

/// <summary>A process's CPU time so far, and the <see cref="Stopwatch"/> timestamp it was read at.</summary>
public readonly record struct CpuSample(TimeSpan Cpu, long Timestamp)
{
    /// <summary>What the process used from <paramref name="start"/> to this sample: CPU time and wall-clock time.</summary>
    public CpuUsage Since(CpuSample start) => new(Cpu - start.Cpu, Stopwatch.GetElapsedTime(start.Timestamp, Timestamp));
}

/// <summary>CPU time a process used over a wall-clock window.</summary>
public readonly record struct CpuUsage(TimeSpan Cpu, TimeSpan Elapsed)
{
    /// <summary>CPU seconds / elapsed seconds × 100: the share of one core the process kept busy (above 100 on several cores).</summary>
    public double? BusyPercent => Elapsed > TimeSpan.Zero ? Cpu.TotalSeconds / Elapsed.TotalSeconds * 100 : null;

    /// <summary>CPU microseconds per delivery over the window; null when nothing was delivered.</summary>
    public double? MicrosecondsPer(long deliveries) => deliveries > 0 ? Cpu.TotalMicroseconds / deliveries : null;
}
