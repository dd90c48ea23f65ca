// What one recording costs with an OpenTelemetry MeterProvider listening (docs/benchmarks.md, "Issue 14: metrics").
// Run from outside the repository (its Directory.*.props do not suit a file-based app):
//   mkdir -p /tmp/metercost && cp scripts/bench-meter-cost.cs /tmp/metercost/ && taskset -c 0 dotnet run /tmp/metercost/bench-meter-cost.cs
#:package OpenTelemetry@1.20.1
#:property TargetFramework=net10.0
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

var meter = new Meter("ActorChat");
var deliveries = meter.CreateCounter<long>("actorchat.deliveries");
var latency = meter.CreateHistogram("actorchat.delivery.latency", "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
var disconnects = meter.CreateCounter<long>("actorchat.disconnects");
using var provider = Sdk.CreateMeterProviderBuilder().AddMeter("ActorChat").AddReader(new BaseExportingMetricReader(new InMemoryLikeExporter())).Build();
const int N = 20_000_000;
for (var round = 0; round < 3; round++)
{
    var start = Stopwatch.GetTimestamp();
    for (var i = 0; i < N; i++) deliveries.Add(100);
    var add = Stopwatch.GetElapsedTime(start).TotalNanoseconds / N;
    start = Stopwatch.GetTimestamp();
    for (var i = 0; i < N; i++) latency.Record(0.003);
    var record = Stopwatch.GetElapsedTime(start).TotalNanoseconds / N;
    start = Stopwatch.GetTimestamp();
    var tag = new KeyValuePair<string, object?>("reason", "quit");
    for (var i = 0; i < N; i++) disconnects.Add(1, tag);
    var tagged = Stopwatch.GetElapsedTime(start).TotalNanoseconds / N;
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < 1_000_000; i++) { deliveries.Add(100); latency.Record(0.003); disconnects.Add(1, tag); }
    Console.WriteLine($"Counter.Add {add:F1} ns, Histogram.Record {record:F1} ns, tagged Counter.Add {tagged:F1} ns; bytes allocated per (Add+Record+tagged Add): {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1_000_000.0:F2}");
}

sealed class InMemoryLikeExporter : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
}
