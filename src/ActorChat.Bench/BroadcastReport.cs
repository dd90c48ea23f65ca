using System.Globalization;
using System.Text.Json;

namespace ActorChat.Bench;

/// <summary>
/// What the <c>fanout</c> and <c>rooms</c> commands print: a markdown table (one row per run, step
/// or median, so that results paste into docs/benchmarks.md) and one JSON line per command for
/// scripts. Numbers are formatted with the invariant culture so that the output parses anywhere.
/// </summary>
public sealed class BroadcastReport(string scenario, TextWriter output)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public void WriteHeader()
    {
        output.WriteLine("| scenario | clients | sent | expected | delivered | lost | duplicates | deliveries/s | server busy % | server µs/delivery | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | server RSS MiB |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    }

    /// <summary>One run's row, then what the server said (its error answers), if anything.</summary>
    /// <param name="label">The first cell: the scenario, or the scenario and which run or step this is.</param>
    public void WriteRow(string label, BroadcastResult result)
    {
        output.WriteLine(string.Format(C, "| {0} | {1} | {2} | {3} | {4} | {5} | {6} | {7:F0} | {14} | {15} | {8:F2} | {9:F2} | {10:F2} | {11:F2} | {12:F2} | {13} |",
            label, result.Clients, result.Sent, result.Expected, result.Delivered, result.Lost, result.Duplicates, result.DeliveriesPerSecond,
            result.Percentile(50), result.Percentile(90), result.Percentile(99), result.Percentile(99.9), result.Percentile(100), Mebibytes(result.ServerRssBytes),
            Figure(result.ServerBusyPercent, "F1"), Figure(result.ServerCpuMicrosPerDelivery, "F2")));
        foreach (var error in result.Errors) output.WriteLine("server said: " + error);
    }

    /// <summary>The JSON line of a single run (the command without <c>--runs</c> or <c>--max</c>).</summary>
    public void WriteRunJson(BroadcastResult result) =>
        output.WriteLine(string.Format(C,
            "{{\"scenario\":\"{0}\",\"clients\":{1},\"sent\":{2},\"expected\":{3},\"delivered\":{4},\"lost\":{5},\"duplicates\":{6},\"deliveries_per_second\":{7:F0},\"p50_ms\":{8:F3},\"p99_ms\":{9:F3},\"max_ms\":{10:F3},\"server_rss_bytes\":{11},\"server_busy_percent\":{12},\"server_cpu_us_per_delivery\":{13}}}",
            scenario, result.Clients, result.Sent, result.Expected, result.Delivered, result.Lost, result.Duplicates, result.DeliveriesPerSecond,
            result.Percentile(50), result.Percentile(99), result.Percentile(100), result.ServerRssBytes?.ToString(C) ?? "null",
            JsonFigure(result.ServerBusyPercent, 1), JsonFigure(result.ServerCpuMicrosPerDelivery, 3)));

    /// <summary>The median row, a line with the loss over all runs, and the median's JSON line.</summary>
    public void WriteMedian(MedianRun median, IReadOnlyList<BroadcastResult> runs)
    {
        output.WriteLine(string.Format(C, "| {0} median of {1} | {2:F0} | {3:F0} | {4:F0} | {5:F0} | {6:F0} | {7:F0} | {8:F0} | {15} | {16} | {9:F2} | {10:F2} | {11:F2} | {12:F2} | {13:F2} | {14} |",
            scenario, median.Runs, median.Clients, median.Sent, median.Expected, median.Delivered, median.Lost, median.Duplicates, median.DeliveriesPerSecond,
            median.Percentile(50), median.Percentile(90), median.Percentile(99), median.Percentile(99.9), median.Percentile(100),
            Mebibytes(runs[^1].ServerRssBytes), Figure(median.ServerBusyPercent, "F1"), Figure(median.ServerCpuMicrosPerDelivery, "F2")));
        output.WriteLine(string.Format(C, "median of {0} runs: {1:N0} deliveries/s, p50 {2:F2} ms, p99 {3:F2} ms; over all runs {4} lost, {5} duplicated",
            median.Runs, median.DeliveriesPerSecond, median.Percentile(50), median.Percentile(99), median.LostTotal, median.DuplicatesTotal));
        WriteJson(json =>
        {
            json.WriteString("scenario", scenario);
            json.WriteString("statistic", "median");
            json.WriteNumber("runs", median.Runs);
            json.WriteNumber("clients", median.Clients);
            json.WriteNumber("deliveries_per_second", Math.Round(median.DeliveriesPerSecond));
            WriteNumberOrNull(json, "server_busy_percent", median.ServerBusyPercent, 1);
            WriteNumberOrNull(json, "server_cpu_us_per_delivery", median.ServerCpuMicrosPerDelivery, 3);
            json.WriteNumber("p50_ms", Math.Round(median.Percentile(50), 3));
            json.WriteNumber("p90_ms", Math.Round(median.Percentile(90), 3));
            json.WriteNumber("p99_ms", Math.Round(median.Percentile(99), 3));
            json.WriteNumber("p999_ms", Math.Round(median.Percentile(99.9), 3));
            json.WriteNumber("max_ms", Math.Round(median.Percentile(100), 3));
            json.WriteNumber("lost_total", median.LostTotal);
            json.WriteNumber("duplicates_total", median.DuplicatesTotal);
            json.WriteStartArray("runs_deliveries_per_second");
            foreach (var run in runs) json.WriteNumberValue(Math.Round(run.DeliveriesPerSecond));
            json.WriteEndArray();
        });
    }

    private static string Mebibytes(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("F1", C) : "?";

    /// <summary>A table cell: the figure, or "?" when it is unknown (no --server-pid).</summary>
    private static string Figure(double? value, string format) => value is { } v ? v.ToString(format, C) : "?";

    private static string JsonFigure(double? value, int decimals) => value is { } v ? Math.Round(v, decimals).ToString(C) : "null";

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value, int decimals)
    {
        if (value is { } v) json.WriteNumber(name, Math.Round(v, decimals));
        else json.WriteNull(name);
    }

    /// <summary>The label of a <c>--max</c> step's row: the scenario and the offered rate.</summary>
    public string StepLabel(double rate) => string.Format(C, "{0} @ {1:0.##} msg/s", scenario, rate);

    /// <summary>The final line of a <c>--max</c> search and its JSON line (every step included, for plotting elsewhere).</summary>
    public void WriteMax(MaxRateOutcome outcome, MaxRateSettings settings)
    {
        var best = outcome.Best;
        var failure = outcome.FirstFailure;
        var held = best is null
            ? "no step held"
            : string.Format(C, "{0:0.##} msg/s held ({1:N0} deliveries/s, p50 {2:F2} ms, p99 {3:F2} ms)",
                best.Rate, best.Result.DeliveriesPerSecond, best.Result.Percentile(50), best.Result.Percentile(99));
        var why = failure is not null
            ? string.Format(C, "{0:0.##} msg/s did not: {1}", failure.Rate, failure.Failure)
            : string.Format(C, "all {0} steps held, so the limit is higher (raise --rate or --max-steps)", outcome.Steps.Count);
        var ceiling = outcome.Ceiling is { } top
            ? string.Format(C, "ceiling {0:N0} deliveries/s (at {1:0.##} msg/s)", top.Result.DeliveriesPerSecond, top.Rate)
            : "no ceiling";
        var cpu = outcome.ServerCpuMicrosPerDelivery20To90 is { } micros
            ? string.Format(C, "cpu {0:F2} server µs/delivery (median of {1} step{2} at {3:0}-{4:0} % server busy)",
                micros, outcome.CpuSteps.Count, outcome.CpuSteps.Count == 1 ? "" : "s", MaxRateOutcome.CpuBusyFrom, MaxRateOutcome.CpuBusyTo)
            : string.Format(C, "cpu ? (no step at {0:0}-{1:0} % server busy{2})", MaxRateOutcome.CpuBusyFrom, MaxRateOutcome.CpuBusyTo,
                outcome.Steps.Any(s => s.Result.ServerCpu is not null) ? "" : "; give --server-pid");
        output.WriteLine(string.Format(C, "{0} --max: {1}; {2}; {3}; {4}", scenario, held, why, ceiling, cpu));
        WriteJson(json =>
        {
            json.WriteString("scenario", scenario);
            if (best is null)
            {
                json.WriteNull("max_rate");
                json.WriteNull("max_deliveries_per_second");
            }
            else
            {
                json.WriteNumber("max_rate", Math.Round(best.Rate, 2));
                json.WriteNumber("max_deliveries_per_second", Math.Round(best.Result.DeliveriesPerSecond));
                json.WriteNumber("p50_ms", Math.Round(best.Result.Percentile(50), 3));
                json.WriteNumber("p99_ms", Math.Round(best.Result.Percentile(99), 3));
                json.WriteNumber("p999_ms", Math.Round(best.Result.Percentile(99.9), 3));
            }
            if (outcome.Ceiling is { } highest)
            {
                json.WriteNumber("ceiling_rate", Math.Round(highest.Rate, 2));
                json.WriteNumber("ceiling_deliveries_per_second", Math.Round(highest.Result.DeliveriesPerSecond));
            }
            else
            {
                json.WriteNull("ceiling_rate");
                json.WriteNull("ceiling_deliveries_per_second");
            }
            WriteNumberOrNull(json, "server_cpu_us_per_delivery_20_90", outcome.ServerCpuMicrosPerDelivery20To90, 3);
            json.WriteBoolean("limit_found", outcome.LimitFound);
            if (failure is null) json.WriteNull("failure");
            else json.WriteString("failure", failure.Failure);
            json.WriteNumber("step_factor", settings.StepFactor);
            json.WriteNumber("max_continue", settings.ContinuePastFailure);
            json.WriteStartArray("steps");
            foreach (var step in outcome.Steps)
            {
                json.WriteStartObject();
                json.WriteNumber("rate", Math.Round(step.Rate, 2));
                json.WriteNumber("deliveries_per_second", Math.Round(step.Result.DeliveriesPerSecond));
                WriteNumberOrNull(json, "server_busy_percent", step.Result.ServerBusyPercent, 1);
                WriteNumberOrNull(json, "server_cpu_us_per_delivery", step.Result.ServerCpuMicrosPerDelivery, 3);
                json.WriteNumber("lost", step.Result.Lost);
                json.WriteNumber("duplicates", step.Result.Duplicates);
                json.WriteNumber("p50_ms", Math.Round(step.Result.Percentile(50), 3));
                json.WriteNumber("p99_ms", Math.Round(step.Result.Percentile(99), 3));
                json.WriteNumber("p999_ms", Math.Round(step.Result.Percentile(99.9), 3));
                json.WriteBoolean("held", step.Held);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    private void WriteJson(Action<Utf8JsonWriter> body) => JsonLine.Write(output, body);
}
