using ActorChat.Server.Metrics;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorChat.Server.Rooms;

/// <summary>
/// Counts, every <see cref="Interval"/>, the shards the rooms' region runs on this node, for the
/// <c>actorchat_shards</c> metric (a scrape cannot ask an actor; it reads the last count).
/// </summary>
public sealed class RegionShardCount : ReceiveActor, IWithTimers
{
    /// <summary>How often the region is asked: shards move at rebalances, not by the second.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly IActorRef _region;
    private readonly TimeSpan _interval;
    private readonly ChatMetrics _metrics = ChatMetrics.Of(Context.System);

    private sealed class CountNow
    {
        public static readonly CountNow Instance = new();
    }

    public RegionShardCount(IActorRef region, TimeSpan interval)
    {
        _region = region;
        _interval = interval;
        Receive<CountNow>(OnCountNow);
        Receive<CurrentShardRegionState>(OnRegionState);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef region, TimeSpan interval) => Akka.Actor.Props.Create(() => new RegionShardCount(region, interval));

    protected override void PreStart() => Timers.StartPeriodicTimer("count", CountNow.Instance, TimeSpan.Zero, _interval);

    private void OnCountNow(CountNow _) => _region.Tell(GetShardRegionState.Instance);

    private void OnRegionState(CurrentShardRegionState state) => _metrics.ShardsCounted(state.Shards.Count);
}
