using ActorChat.Server.Storage;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Server.Storage;

public sealed class StoreProbeTests
{
    [Fact]
    public async Task A_store_that_answers_is_reachable_and_one_that_throws_is_not()
    {
        Assert.True(await new StoreProbe(_ => Task.CompletedTask).IsReachableAsync());
        Assert.False(await new StoreProbe(_ => throw new InvalidOperationException("refused")).IsReachableAsync());
        Assert.False(await new StoreProbe(_ => Task.FromException(new TimeoutException())).IsReachableAsync());
    }

    [Fact]
    public async Task Probes_within_a_second_share_one_query()
    {
        var queries = 0;
        var probe = new StoreProbe(_ => { Interlocked.Increment(ref queries); return Task.CompletedTask; });
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => probe.IsReachableAsync()));
        Assert.All(answers, Assert.True);
        Assert.Equal(1, queries);
    }

    [Fact]
    public async Task A_query_that_never_answers_is_unreachable_after_the_timeout()
    {
        var probe = new StoreProbe(cancel => Task.Delay(Timeout.Infinite, cancel));
        Assert.False(await probe.IsReachableAsync().WaitAsync(StoreProbe.Timeout * 5));
    }

    [Fact]
    public async Task The_real_probe_reaches_a_sqlite_store_and_not_a_missing_file()
    {
        using var storage = new TempStorage();
        using (var store = storage.Settings.OpenStore()) Assert.True(await new StoreProbe(storage.Settings).IsReachableAsync());
        var missing = storage.Settings with { DataDirectory = Path.Combine(storage.Settings.DataDirectory, "not-there") };
        Assert.False(await new StoreProbe(missing).IsReachableAsync());
    }
}
