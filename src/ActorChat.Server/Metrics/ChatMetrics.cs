using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ActorChat.Server.Transport;
using Akka.Actor;

namespace ActorChat.Server.Metrics;

/// <summary>
/// Every instrument the server records, on one <see cref="Meter"/> named <c>ActorChat</c>, one per
/// actor system (<see cref="Of"/>): a test process runs many servers, and each exports only its
/// own. OpenTelemetry exports them for Prometheus at <c>/metrics</c> (<see cref="MetricsExport"/>);
/// the names below become the Prometheus names in docs/operations.md (dots to underscores, the
/// unit <c>s</c> as <c>_seconds</c>, a counter's <c>_total</c>; a unit in braces adds nothing).
/// </summary>
/// <remarks>
/// Recording is cheap enough for the message path: an <c>Add</c> or <c>Record</c> with at most two
/// tags of constant strings does not allocate, and the delivery path records once per broadcast
/// batch (deliveries counted in bulk), never once per recipient.
/// </remarks>
public sealed class ChatMetrics : IExtension, IDisposable
{
    public const string MeterName = "ActorChat";

    /// <summary>Store commit and delivery latencies: from half a millisecond to 5 s.</summary>
    private static readonly InstrumentAdvice<double> LatencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    };

    private static readonly KeyValuePair<string, object?> TransportTcp = new("transport", "tcp");
    private static readonly KeyValuePair<string, object?> TransportTls = new("transport", "tls");
    private static readonly KeyValuePair<string, object?> TransportWebSocket = new("transport", "websocket");
    private static readonly KeyValuePair<string, object?> LoginOk = new("result", "ok");
    private static readonly KeyValuePair<string, object?> LoginRefused = new("result", "refused");

    /// <summary>The rooms running on this node, by their actor, with the cell whose mailbox a scrape reads.</summary>
    private readonly ConcurrentDictionary<IActorRef, ICell> _roomCells = new();

    /// <summary>Shards on this node as last counted; -1 until counted (a single node has none, and no such metric).</summary>
    private int _shards = -1;

    /// <param name="system">The actor system whose instruments these are: the meter's scope, by which its server's exporter knows them.</param>
    public ChatMetrics(ActorSystem? system = null)
    {
        Meter = new Meter(new MeterOptions(MeterName) { Version = typeof(ChatMetrics).Assembly.GetName().Version?.ToString(3), Scope = system });
        Connections = Meter.CreateUpDownCounter<long>("actorchat.connections", "{connection}",
            "Client connections open now, by transport (tcp, tls, websocket)");
        Logins = Meter.CreateCounter<long>("actorchat.logins", "{login}",
            "Logins and registrations: result ok, or refused with the error code as reason");
        Disconnects = Meter.CreateCounter<long>("actorchat.disconnects", "{connection}",
            "Connections ended, by reason: the bye reason (quit, idle, flood, slow_consumer, server_full, replaced, shutdown), or disconnected when the client went away");
        MessagesStored = Meter.CreateCounter<long>("actorchat.messages.stored", "{message}",
            "Room and direct messages committed to the store");
        StoreWrites = Meter.CreateHistogram("actorchat.store.write", "s",
            "Time of one store commit (one transaction: every message of that moment)", advice: LatencyBuckets);
        Deliveries = Meter.CreateCounter<long>("actorchat.deliveries", "{delivery}",
            "Stored messages handed to a recipient's connection: one per message per recipient (a room's by the node the room runs on)");
        DeliveryLatency = Meter.CreateHistogram("actorchat.delivery.latency", "s",
            "From a commit's end to its messages handed to every recipient's connection, once per broadcast", advice: LatencyBuckets);
        Meter.CreateObservableGauge("actorchat.rooms", () => _roomCells.Count, "{room}", "Rooms running on this node");
        Meter.CreateObservableGauge("actorchat.room.mailbox.messages", RoomMailboxTotal, "{message}",
            "Messages waiting in the mailboxes of this node's rooms, all together, read at the scrape");
        Meter.CreateObservableGauge("actorchat.room.mailbox.messages.max", RoomMailboxMax, "{message}",
            "Messages waiting in the fullest mailbox of this node's rooms, read at the scrape");
        Meter.CreateObservableGauge("actorchat.shards", ShardsLastCounted, "{shard}",
            "Shards of the rooms' region running on this node (cluster nodes only), counted every few seconds");
        Users = Meter.CreateUpDownCounter<long>("actorchat.users", "{user}", "Users logged in on this node");
    }

    public Meter Meter { get; }

    public UpDownCounter<long> Connections { get; }

    public Counter<long> Logins { get; }

    public Counter<long> Disconnects { get; }

    public Counter<long> MessagesStored { get; }

    public Histogram<double> StoreWrites { get; }

    public Counter<long> Deliveries { get; }

    public Histogram<double> DeliveryLatency { get; }

    public UpDownCounter<long> Users { get; }

    /// <summary>This actor system's instruments (made on first use).</summary>
    public static ChatMetrics Of(ActorSystem system) => (ChatMetrics)system.RegisterExtension(new ChatMetricsId());

    /// <summary>
    /// Cluster members by status (up, joining, leaving, exiting, down, removed, weakly_up), read at
    /// each scrape from <paramref name="members"/>; only on a cluster node.
    /// </summary>
    public void ObserveClusterMembers(Func<IEnumerable<Measurement<int>>> members) =>
        Meter.CreateObservableGauge("actorchat.cluster.members", members, "{member}", "Members of the cluster as this node sees them, by status");

    /// <summary>The shards of the rooms' region running on this node, as last counted (on a cluster node, every few seconds).</summary>
    public void ShardsCounted(int shards) => Volatile.Write(ref _shards, shards);

    private IEnumerable<Measurement<int>> ShardsLastCounted()
    {
        var shards = Volatile.Read(ref _shards);
        return shards < 0 ? [] : [new Measurement<int>(shards)];
    }

    /// <summary>A room began on this node (its <c>PreStart</c>): counted, and its mailbox read at each scrape.</summary>
    public void RoomStarted(IActorContext room) => _roomCells[room.Self] = (ICell)room;

    /// <summary>A room ended on this node (its <c>PostStop</c>).</summary>
    public void RoomStopped(IActorRef room) => _roomCells.TryRemove(room, out _);

    private long RoomMailboxTotal()
    {
        long total = 0;
        foreach (var (_, cell) in _roomCells) total += cell.NumberOfMessages;
        return total;
    }

    private int RoomMailboxMax()
    {
        var max = 0;
        foreach (var (_, cell) in _roomCells) max = Math.Max(max, cell.NumberOfMessages);
        return max;
    }

    public void ConnectionOpened(TransportKind kind) => Connections.Add(1, Transport(kind));

    public void ConnectionClosed(TransportKind kind) => Connections.Add(-1, Transport(kind));

    public void LoggedIn() => Logins.Add(1, LoginOk);

    /// <param name="code">The error code the login was answered with (docs/protocol.md).</param>
    public void LoginRefusedWith(string code) => Logins.Add(1, LoginRefused, new KeyValuePair<string, object?>("reason", code));

    public void Disconnected(string reason) => Disconnects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A commit that began at <paramref name="startedAt"/> (<see cref="Stopwatch.GetTimestamp"/>) and stored <paramref name="count"/> messages (0 when it failed).</summary>
    public void Committed(long startedAt, int count)
    {
        StoreWrites.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
        if (count > 0) MessagesStored.Add(count);
    }

    /// <summary><paramref name="deliveries"/> messages handed to connections for a commit that ended at <paramref name="storedAt"/> (0: not known).</summary>
    public void Delivered(long deliveries, long storedAt)
    {
        if (deliveries > 0) Deliveries.Add(deliveries);
        if (storedAt != 0) DeliveryLatency.Record(Stopwatch.GetElapsedTime(storedAt).TotalSeconds);
    }

    private static KeyValuePair<string, object?> Transport(TransportKind kind) => kind switch
    {
        TransportKind.Tls => TransportTls,
        TransportKind.WebSocket => TransportWebSocket,
        _ => TransportTcp,
    };

    public void Dispose() => Meter.Dispose();

    /// <summary>How Akka finds the actor system's one <see cref="ChatMetrics"/>.</summary>
    private sealed class ChatMetricsId : ExtensionIdProvider<ChatMetrics>
    {
        public override ChatMetrics CreateExtension(ExtendedActorSystem system)
        {
            var metrics = new ChatMetrics(system);
            system.WhenTerminated.ContinueWith(_ => metrics.Dispose(), TaskScheduler.Default);
            return metrics;
        }
    }
}
