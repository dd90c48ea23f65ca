using System.Globalization;
using System.Net.Http;

namespace ActorChat.Tests.Support;

/// <summary>
/// A scrape in the Prometheus text format (what <c>/metrics</c> answers), parsed: one sample per
/// line <c>name{label="value",...} number</c>; comments (<c># HELP</c>, <c># TYPE</c>) skipped.
/// Enough for the exporter's output: label values with <c>\"</c>, <c>\\</c> and <c>\n</c> escapes.
/// </summary>
public sealed class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    private PrometheusText(IReadOnlyList<Sample> samples) => Samples = samples;

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>GETs <c>/metrics</c> from <paramref name="http"/> (its base address the HTTP port) and parses it.</summary>
    public static async Task<PrometheusText> ScrapeAsync(HttpClient http)
    {
        var response = await http.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static PrometheusText Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            samples.Add(ParseSample(line));
        }
        return new PrometheusText(samples);
    }

    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include <paramref name="labels"/> ("key=value"); 0 when none.</summary>
    public double Sum(string name, params string[] labels) => Matching(name, labels).Sum(s => s.Value);

    /// <summary>Whether any sample is named <paramref name="name"/>.</summary>
    public bool Has(string name) => Samples.Any(s => s.Name == name);

    public IEnumerable<Sample> Matching(string name, params string[] labels)
    {
        var wanted = labels.Select(l => l.Split('=', 2)).ToList();
        return Samples.Where(s => s.Name == name && wanted.All(w => s.Labels.TryGetValue(w[0], out var v) && v == w[1]));
    }

    private static Sample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>();
        var at = 0;
        while (at < line.Length && line[at] != '{' && line[at] != ' ') at++;
        var name = line[..at];
        if (at < line.Length && line[at] == '{')
        {
            at++;
            while (line[at] != '}')
            {
                var equals = line.IndexOf('=', at);
                var key = line[at..equals];
                if (line[equals + 1] != '"') throw new FormatException($"label {key} not quoted: {line}");
                var value = new System.Text.StringBuilder();
                var i = equals + 2;
                for (; line[i] != '"'; i++)
                {
                    if (line[i] != '\\') { value.Append(line[i]); continue; }
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                labels[key] = value.ToString();
                at = i + 1;
                if (line[at] == ',') at++;
            }
            at++;
        }
        var rest = line[at..].Trim().Split(' ');
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var n => double.Parse(n, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }
}
