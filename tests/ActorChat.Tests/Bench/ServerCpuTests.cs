using System.Diagnostics;
using ActorChat.Bench;

namespace ActorChat.Tests.Bench;

/// <summary>The server's CPU time from /proc/PID/stat, and the two figures made of it.</summary>
public sealed class ServerCpuTests
{
    [Fact]
    public void The_process_own_cpu_time_grows_over_a_busy_loop()
    {
        var before = ServerCpu.Sample(Environment.ProcessId);
        Assert.NotNull(before);
        var spin = Stopwatch.StartNew();
        var x = 0UL;
        while (spin.ElapsedMilliseconds < 300) x = x * 6364136223846793005UL + 1442695040888963407UL;
        GC.KeepAlive(x);
        var after = ServerCpu.Sample(Environment.ProcessId);

        Assert.NotNull(after);
        var usage = after.Value.Since(before.Value);
        Assert.True(usage.Cpu > TimeSpan.Zero, $"CPU time did not grow: {before} -> {after}");
        Assert.True(usage.Elapsed >= TimeSpan.FromMilliseconds(300));
        Assert.True(usage.BusyPercent > 0);
    }

    [Fact]
    public void Clock_ticks_per_second_come_from_the_system() =>
        Assert.InRange(ServerCpu.TicksPerSecond, 1, 100_000); // USER_HZ, 100 on Linux

    [Fact]
    public void Without_a_pid_or_with_a_process_that_is_gone_there_is_no_sample()
    {
        Assert.Null(ServerCpu.Sample(null));
        Assert.Null(ServerCpu.Sample(int.MaxValue));
    }

    [Theory]
    // a command name with spaces and parentheses: fields are counted after the last ')'
    [InlineData("4242 (actorchat-server) S 1 4242 4242 0 -1 4194560 18000 0 0 0 1234 567 0 0 20 0 30 0 100 0 0", 1801)]
    [InlineData("77 (a (weird) name) R 1 77 77 0 -1 0 0 0 0 0 10 5 0 0 20 0 1 0 1 0 0", 15)]
    public void Stat_gives_user_plus_system_ticks(string stat, long ticks) =>
        Assert.Equal(ticks, ServerCpu.ParseStat(stat));

    [Theory]
    [InlineData("")]
    [InlineData("12 (short) S 1 2 3")]
    [InlineData("12 (bad) S 1 2 3 4 5 6 7 8 9 10 x 0 0")]
    public void A_stat_line_that_does_not_parse_gives_nothing(string stat) =>
        Assert.Null(ServerCpu.ParseStat(stat));

    [Fact]
    public void Busy_percent_is_cpu_seconds_over_elapsed_seconds_and_cost_is_cpu_microseconds_per_delivery()
    {
        var usage = new CpuUsage(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2));
        Assert.Equal(75, usage.BusyPercent!.Value, 9);
        Assert.Equal(3, usage.MicrosecondsPer(500_000)!.Value, 9);
        Assert.Null(usage.MicrosecondsPer(0));
        Assert.Null(new CpuUsage(TimeSpan.Zero, TimeSpan.Zero).BusyPercent);
    }
}
