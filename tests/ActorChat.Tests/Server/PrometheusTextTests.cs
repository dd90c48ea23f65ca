using ActorChat.Tests.Support;

namespace ActorChat.Tests.Server;

/// <summary>The tests' parser of the Prometheus text format, on the exporter's shapes.</summary>
public sealed class PrometheusTextTests
{
    private const string Scrape = """
        # TYPE actorchat_logins_total counter
        # HELP actorchat_logins_total Logins
        actorchat_logins_total{otel_scope_name="ActorChat",result="ok"} 2 1700000000000
        actorchat_logins_total{otel_scope_name="ActorChat",reason="name_taken",result="refused"} 1
        actorchat_logins_total{otel_scope_name="ActorChat",reason="we\"ird\\",result="refused"} 3
        actorchat_store_write_seconds_bucket{le="+Inf"} 5
        actorchat_store_write_seconds_sum 0.0134388
        target_info{service_name="x"} 1
        dotnet_gc_pause_time_seconds_total 1.5e-3
        """;

    [Fact]
    public void Samples_are_summed_over_the_labels_asked_for()
    {
        var text = PrometheusText.Parse(Scrape);
        Assert.Equal(6, text.Sum("actorchat_logins_total"));
        Assert.Equal(2, text.Sum("actorchat_logins_total", "result=ok"));
        Assert.Equal(4, text.Sum("actorchat_logins_total", "result=refused"));
        Assert.Equal(1, text.Sum("actorchat_logins_total", "result=refused", "reason=name_taken"));
        Assert.Equal(3, text.Sum("actorchat_logins_total", "reason=we\"ird\\"));
        Assert.Equal(5, text.Sum("actorchat_store_write_seconds_bucket", "le=+Inf"));
        Assert.Equal(0.0134388, text.Sum("actorchat_store_write_seconds_sum"));
        Assert.Equal(0.0015, text.Sum("dotnet_gc_pause_time_seconds_total"));
        Assert.Equal(0, text.Sum("actorchat_logins_total", "result=nothing"));
        Assert.False(text.Has("actorchat_users"));
    }
}
