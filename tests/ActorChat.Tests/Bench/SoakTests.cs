using System.Net;
using System.Text.Json;
using ActorChat.Bench;
using ActorChat.Messages.Events;
using ActorChat.Tests.Client;

namespace ActorChat.Tests.Bench;

/// <summary><c>soak</c>'s plain parts: what clients do, when memory counts as flat, when counts are back, what it prints.</summary>
public sealed class SoakTests
{
    private static readonly IPEndPoint Server = new(IPAddress.Loopback, 1);

    private static SoakSample Sample(double seconds, double? mib) =>
        new(TimeSpan.FromSeconds(seconds), mib is { } m ? (long)(m * 1048576) : null, 10, 11, 100, 200, 0);

    [Fact]
    public void A_life_joins_one_or_two_distinct_rooms_posts_a_few_times_and_about_one_in_five_vanish()
    {
        var plan = new SoakPlan(rooms: 20, new Random(42));
        var lives = Enumerable.Range(0, 10_000).Select(_ => plan.Next()).ToList();

        Assert.All(lives, life =>
        {
            Assert.InRange(life.Rooms.Count, 1, 2);
            Assert.Equal(life.Rooms.Count, life.Rooms.Distinct().Count());
            Assert.All(life.Rooms, r => Assert.InRange(r, 0, 19));
            Assert.InRange(life.Says, SoakPlan.MinSays, SoakPlan.MaxSays);
        });
        Assert.InRange(lives.Count(l => l.Rooms.Count == 2), 4_500, 5_500);
        Assert.InRange(lives.Count(l => l.Ending != SoakEnding.Quit), 1_800, 2_200);
        Assert.InRange(lives.Count(l => l.Ending == SoakEnding.Reset), 800, 1_200);
        Assert.InRange(lives.Count(l => l.SendsDm), 3_000, 3_700);
        Assert.Equal(Enumerable.Range(0, 20), lives.SelectMany(l => l.Rooms).Distinct().Order());
    }

    [Fact]
    public void The_same_seed_replays_the_same_lives_and_one_room_is_always_that_room()
    {
        var a = new SoakPlan(5, new Random(7));
        var b = new SoakPlan(5, new Random(7));
        for (var i = 0; i < 100; i++) Assert.Equal(a.Next() with { Rooms = [] }, b.Next() with { Rooms = [] });
        var single = new SoakPlan(1, new Random(1));
        Assert.All(Enumerable.Range(0, 100), _ => Assert.Equal([0], single.Next().Rooms));
    }

    [Fact]
    public void Waits_are_the_mean_give_or_take_half()
    {
        var plan = new SoakPlan(3, new Random(3));
        Assert.All(Enumerable.Range(0, 1000), _ =>
            Assert.InRange(plan.Jitter(TimeSpan.FromSeconds(2)), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void Settings_sample_every_10_s_or_a_tenth_of_a_short_run_and_spread_the_rate_over_the_clients()
    {
        var ten = new SoakSettings(Server, TimeSpan.FromMinutes(10), 300, 20, SoakSettings.DefaultSaysPerSecond(300));
        Assert.Equal(TimeSpan.FromSeconds(10), ten.SampleInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), ten.WarmUp);
        Assert.Equal(TimeSpan.FromSeconds(2), ten.SayGap); // 150 posts/s by 300 clients
        Assert.Null(ten.Problem());
        Assert.Equal(TimeSpan.FromSeconds(0.5), (ten with { Duration = TimeSpan.FromSeconds(5) }).SampleInterval);
        Assert.NotNull((ten with { Concurrent = 0 }).Problem());
        Assert.NotNull((ten with { SaysPerSecond = 0 }).Problem());
        Assert.NotNull((ten with { Duration = TimeSpan.Zero }).Problem());
        Assert.NotNull((ten with { SourceAddresses = 255 }).Problem());
    }

    [Fact]
    public void Memory_is_flat_when_the_last_sample_is_within_10_percent_of_the_first_after_the_warm_up()
    {
        // warm-up 20 s: the sample at 20 s is the reference, not the lower ones before it
        var memory = new SoakMemory([Sample(10, 100), Sample(20, 120), Sample(30, 150), Sample(40, 131)], TimeSpan.FromSeconds(20));
        Assert.Equal(20, memory.WarmUp!.Elapsed.TotalSeconds);
        Assert.Equal(30, memory.Max!.Elapsed.TotalSeconds);
        Assert.Equal(40, memory.Last!.Elapsed.TotalSeconds);
        Assert.True(memory.Flat);
        Assert.Equal(131.0 / 120 - 1, memory.Growth!.Value, 9);

        Assert.False(new SoakMemory([Sample(20, 120), Sample(40, 133)], TimeSpan.FromSeconds(20)).Flat); // +10.8 %
        Assert.True(new SoakMemory([Sample(20, 120), Sample(40, 90)], TimeSpan.FromSeconds(20)).Flat);   // memory given back
    }

    [Fact]
    public void Without_the_servers_rss_memory_is_neither_flat_nor_not()
    {
        var memory = new SoakMemory([Sample(10, null), Sample(20, null)], TimeSpan.FromSeconds(5));
        Assert.Null(memory.WarmUp);
        Assert.Null(memory.Flat);
        Assert.Null(new SoakMemory([], TimeSpan.FromSeconds(5)).Flat);
        // a run too short to pass its warm-up compares the last sample with itself
        Assert.True(new SoakMemory([Sample(1, 100), Sample(2, 105)], TimeSpan.FromSeconds(5)).Flat);
    }

    [Fact]
    public void Counts_are_back_to_idle_when_all_four_are_as_before()
    {
        var before = new StatsEvent(1, 1, 1, 0) { Ref = "stats-1" };
        Assert.True(new SoakCounts(before, new StatsEvent(1, 1, 1, 0) { Ref = "stats-9" }).BackToIdle);
        Assert.False(new SoakCounts(before, new StatsEvent(1, 1, 1, 1)).BackToIdle);
        Assert.False(new SoakCounts(before, new StatsEvent(2, 1, 1, 0)).BackToIdle);
        Assert.False(new SoakCounts(before, null).BackToIdle);
    }

    [Fact]
    public void A_client_picks_someone_else_live_for_its_direct_message()
    {
        var live = new LiveNames(3);
        live.Set(0, "a");
        live.Set(1, "b");
        Assert.Equal("b", live.Other(1, "a"));
        Assert.Null(live.Other(0, "a"));
        Assert.Null(live.Other(2, "a"));
        live.Clear(1);
        Assert.Null(live.Other(1, "a"));
    }

    [Fact]
    public void The_end_of_a_run_says_both_verdicts_and_prints_a_json_line_with_them()
    {
        var settings = new SoakSettings(Server, TimeSpan.FromSeconds(100), 10, 3, 5, ServerPid: 1); // warm-up: 20 s
        var samples = new[] { Sample(10, 100), Sample(20, 120), Sample(40, 140) };
        var counters = new SoakCounters();
        counters.LoggedIn();
        counters.Error("s1: boom");
        var result = new SoakResult(settings, 5, samples, new SoakMemory(samples, settings.WarmUp),
            new SoakCounts(new StatsEvent(1, 1, 1, 0), new StatsEvent(3, 2, 1, 0)), TimeSpan.FromSeconds(30), 150 * 1048576L, TimeSpan.FromSeconds(40), counters);
        var output = new StringWriter();
        new SoakReport(output).WriteEnd(result);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("error: s1: boom", lines);
        Assert.Contains(lines, l => l.StartsWith("server RSS: after warm-up 120.0 MiB (at 20 s), max 140.0 MiB (at 40 s), last 140.0 MiB (+16.7 %): NOT flat", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("server counts NOT back to idle 30.0 s after the last client: sessions 3, users 2", StringComparison.Ordinal));
        Assert.False(result.Passed);
        var json = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal("soak", json.GetProperty("scenario").GetString());
        Assert.False(json.GetProperty("memory_flat").GetBoolean());
        Assert.False(json.GetProperty("back_to_idle").GetBoolean());
        Assert.Equal(3, json.GetProperty("counts_idle").GetProperty("sessions").GetInt32());
        Assert.Equal(120 * 1048576L, json.GetProperty("rss_warmup_bytes").GetInt64());
        Assert.Equal(3, json.GetProperty("samples").GetArrayLength());
        Assert.Equal(1, json.GetProperty("errors").GetInt64());
    }

    [Fact]
    public void A_run_passes_with_flat_memory_counts_back_and_no_client_error()
    {
        var settings = new SoakSettings(Server, TimeSpan.FromSeconds(100), 10, 3, 5);
        SoakSample[] samples = [Sample(20, 120), Sample(40, 125)];
        var idle = new SoakCounts(new StatsEvent(1, 1, 1, 0), new StatsEvent(1, 1, 1, 0));
        SoakResult Result(SoakSample[] s, SoakCounters counters) =>
            new(settings, 1, s, new SoakMemory(s, settings.WarmUp), idle, TimeSpan.Zero, null, settings.Duration, counters);

        Assert.True(Result(samples, new SoakCounters()).Passed);
        Assert.True(Result([Sample(20, null)], new SoakCounters()).Passed); // no pid: memory unknown, not failed
        var errors = new SoakCounters();
        errors.Error("refused");
        Assert.False(Result(samples, errors).Passed);
    }

    [Fact]
    public void The_memory_chart_is_a_png()
    {
        using var folder = new TempDirectory();
        var file = folder.File("soak.png");
        MemoryChart.WritePng(file, "soak", [(10, 120), (20, 125), (30, 124)], warmUpSeconds: 12, flatLimitMiB: 132);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(file)[..4]);
        Assert.Throws<ArgumentException>(() => MemoryChart.WritePng(folder.File("none.png"), "soak", []));
    }
}
