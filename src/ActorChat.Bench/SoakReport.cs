using System.Globalization;
using System.Text.Json;
using ActorChat.Messages.Events;

namespace ActorChat.Bench;

/// <summary>
/// What <c>soak</c> prints: a line on what it does, a markdown row per sample as it comes, then
/// the verdicts (memory flat, counts back to idle) and one JSON line, like the other scenarios.
/// </summary>
public sealed class SoakReport(TextWriter output)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public void WriteStart(SoakSettings settings, int seed, StatsEvent before)
    {
        output.WriteLine(string.Format(C,
            "soak: {0:0.#} s, about {1} clients live, {2} rooms, {3:0.#} posts/s in all (one every {4:0.##} s per client), samples every {5:0.#} s, seed {6}; server before: {7}",
            settings.Duration.TotalSeconds, settings.Concurrent, settings.Rooms, settings.SaysPerSecond, settings.SayGap.TotalSeconds,
            settings.SampleInterval.TotalSeconds, seed, Counts(before)));
        output.Flush();
    }

    public void WriteHeader()
    {
        output.WriteLine("| elapsed s | server RSS MiB | live clients | server sessions | logins | messages | errors |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        output.Flush();
    }

    public void WriteSample(SoakSample sample)
    {
        output.WriteLine(string.Format(C, "| {0:F1} | {1} | {2} | {3} | {4} | {5} | {6} |",
            sample.Elapsed.TotalSeconds, Mebibytes(sample.RssBytes), sample.Live, sample.ServerSessions?.ToString(C) ?? "?",
            sample.Logins, sample.Messages, sample.Errors));
        output.Flush(); // a long run shows as it goes
    }

    public void WriteEnd(SoakResult result)
    {
        var clients = result.Clients;
        output.WriteLine(string.Format(C,
            "soak: {0:F1} s; {1} logins ({2} quit, {3} vanished without quit); {4} messages sent, {5} received; {6} direct messages to clients gone meanwhile; {7} errors",
            result.Elapsed.TotalSeconds, clients.Logins, clients.Quits, clients.Vanished, clients.Messages, clients.Received, clients.DmMisses, clients.Errors));
        foreach (var error in clients.FirstErrors) output.WriteLine("error: " + error);
        if (clients.Errors > 0) output.WriteLine("the clients met errors, so the load was not what was asked (--sources, or the server's --max-per-address?): the run fails");

        var memory = result.Memory;
        output.WriteLine(memory.WarmUp is { } warmUp
            ? string.Format(C, "server RSS: after warm-up {0} MiB (at {1:0.#} s), max {2} MiB (at {3:0.#} s), last {4} MiB ({5:+0.0;-0.0} %): {6}",
                Mebibytes(warmUp.RssBytes), warmUp.Elapsed.TotalSeconds, Mebibytes(memory.Max!.RssBytes), memory.Max.Elapsed.TotalSeconds,
                Mebibytes(memory.Last!.RssBytes), memory.Growth * 100,
                memory.Flat == true ? "flat" : string.Format(C, "NOT flat (over {0} MiB, the warm-up + {1:P0})", Mebibytes(memory.FlatLimitBytes), SoakMemory.Tolerance))
            : "server RSS: unknown (give --server-pid)");

        var counts = result.Counts;
        output.WriteLine(counts.After is not { } after
            ? "server counts: the server did not answer stats"
            : counts.BackToIdle
                ? string.Format(C, "server counts at idle ({0:0.0} s after the last client): {1}: back to where they were before the soak", result.IdleAfter.TotalSeconds, Counts(after))
                : string.Format(C, "server counts NOT back to idle {0:0.0} s after the last client: {1} (before: {2})", result.IdleAfter.TotalSeconds, Counts(after), Counts(counts.Before)));
        if (result.IdleRssBytes is { } idleRss) output.WriteLine(string.Format(C, "server RSS at idle: {0} MiB", Mebibytes(idleRss)));

        WriteJson(json =>
        {
            json.WriteString("scenario", "soak");
            json.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            json.WriteNumber("concurrent", result.Settings.Concurrent);
            json.WriteNumber("rooms", result.Settings.Rooms);
            json.WriteNumber("rate", Math.Round(result.Settings.SaysPerSecond, 3));
            json.WriteNumber("seed", result.Seed);
            json.WriteNumber("logins", clients.Logins);
            json.WriteNumber("quits", clients.Quits);
            json.WriteNumber("vanished", clients.Vanished);
            json.WriteNumber("messages", clients.Messages);
            json.WriteNumber("received", clients.Received);
            json.WriteNumber("dm_misses", clients.DmMisses);
            json.WriteNumber("errors", clients.Errors);
            NumberOrNull(json, "rss_warmup_bytes", memory.WarmUp?.RssBytes);
            NumberOrNull(json, "rss_max_bytes", memory.Max?.RssBytes);
            NumberOrNull(json, "rss_last_bytes", memory.Last?.RssBytes);
            NumberOrNull(json, "rss_idle_bytes", result.IdleRssBytes);
            if (memory.Flat is { } flat) json.WriteBoolean("memory_flat", flat);
            else json.WriteNull("memory_flat");
            WriteCounts(json, "counts_before", counts.Before);
            WriteCounts(json, "counts_idle", counts.After);
            json.WriteBoolean("back_to_idle", counts.BackToIdle);
            json.WriteBoolean("passed", result.Passed);
            json.WriteStartArray("samples");
            foreach (var sample in result.Samples)
            {
                json.WriteStartObject();
                json.WriteNumber("seconds", Math.Round(sample.Elapsed.TotalSeconds, 3));
                NumberOrNull(json, "rss_bytes", sample.RssBytes);
                json.WriteNumber("live", sample.Live);
                NumberOrNull(json, "server_sessions", sample.ServerSessions);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
    }

    private static string Counts(StatsEvent s) =>
        string.Format(C, "sessions {0}, users {1}, rooms {2}, conversations {3}", s.Sessions, s.Users, s.Rooms, s.Conversations);

    private static string Mebibytes(long? bytes) => bytes is { } b ? (b / 1048576.0).ToString("F1", C) : "?";

    private static void NumberOrNull(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, StatsEvent? counts)
    {
        if (counts is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        json.WriteNumber("sessions", counts.Sessions);
        json.WriteNumber("users", counts.Users);
        json.WriteNumber("rooms", counts.Rooms);
        json.WriteNumber("conversations", counts.Conversations);
        json.WriteEndObject();
    }

    private void WriteJson(Action<Utf8JsonWriter> body) => JsonLine.Write(output, body);
}
