using System.Diagnostics.Metrics;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ActorChat.Server.Metrics;

/// <summary>
/// The HTTP port's <c>/metrics</c>: OpenTelemetry's Prometheus exporter over this server's
/// <see cref="ChatMetrics"/> and the .NET runtime's own (GC, thread pool, JIT, exceptions).
/// Only this server's meter is exported (<see cref="Serve"/> names it): others named the same,
/// of other servers in the same process (tests), are dropped.
/// </summary>
public sealed class MetricsExport
{
    public const string Path = "/metrics";

    private volatile ActorSystem? _system;

    /// <summary>The actor system whose <see cref="ChatMetrics"/> are exported; before its meter exists.</summary>
    public void Serve(ActorSystem system) => _system = system;

    public void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("actorchat", serviceVersion: typeof(MetricsExport).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(metrics => metrics
            .AddMeter(ChatMetrics.MeterName)
            .AddRuntimeInstrumentation()
            .AddView(OtherServersDropped)
            // Every scrape sees the counts of that moment (Prometheus scrapes every 15 s or so; a scrape costs little).
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

    public static void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint(Path);

    private MetricStreamConfiguration? OtherServersDropped(Instrument instrument) =>
        instrument.Meter.Name == ChatMetrics.MeterName && !ReferenceEquals(instrument.Meter.Scope, _system)
            ? MetricStreamConfiguration.Drop
            : null;
}
