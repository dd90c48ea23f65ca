using System.Text.RegularExpressions;
using ActorChat.Tests.Support;
using Newtonsoft.Json.Linq;

namespace ActorChat.Tests.Docs;

/// <summary>
/// docs/grafana-dashboard.json, as an operator imports it: valid JSON, panels with distinct ids
/// that do not overlap, and every ActorChat metric its queries use is one docs/operations.md
/// documents (so a renamed metric cannot leave a panel silently empty).
/// </summary>
public sealed partial class MetricsDashboardTests
{
    private static readonly JObject Dashboard = JObject.Parse(File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, "docs", "grafana-dashboard.json")));
    private static readonly string Operations = File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, "docs", "operations.md"));

    [GeneratedRegex(@"\bactorchat_[a-z_]+")]
    private static partial Regex MetricName();

    /// <summary>A histogram's series are its name with <c>_bucket</c>, <c>_sum</c>, <c>_count</c>.</summary>
    private static string Documented(string series) => Regex.Replace(series, "_(bucket|sum|count)$", "");

    [Fact]
    public void Every_ActorChat_metric_a_panel_queries_is_documented_in_operations_md()
    {
        var used = Dashboard["panels"]!.SelectMany(p => p["targets"]!).Select(t => (string)t["expr"]!)
            .SelectMany(expr => MetricName().Matches(expr).Select(m => Documented(m.Value))).ToHashSet();
        Assert.Contains("actorchat_room_mailbox_messages", used);
        Assert.Contains("actorchat_room_mailbox_messages_max", used);
        Assert.Contains("actorchat_shards", used);
        Assert.All(used, metric => Assert.Contains($"| `{metric}` |", Operations));
    }

    [Fact]
    public void Panels_have_distinct_ids_and_do_not_overlap()
    {
        var panels = Dashboard["panels"]!.Select(p => (Id: (int)p["id"]!, X: (int)p["gridPos"]!["x"]!, Y: (int)p["gridPos"]!["y"]!, W: (int)p["gridPos"]!["w"]!, H: (int)p["gridPos"]!["h"]!)).ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.Id).Distinct().Count());
        foreach (var a in panels)
        foreach (var b in panels.Where(b => b.Id > a.Id))
            Assert.False(a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H, $"panels {a.Id} and {b.Id} overlap");
    }
}
