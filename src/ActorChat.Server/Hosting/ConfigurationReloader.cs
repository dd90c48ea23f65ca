using ActorChat.Server.Configuration;
using ActorChat.Server.Transport;

namespace ActorChat.Server.Hosting;

/// <summary>
/// Reads the options again (the file, the environment, the same flags) and gives the running
/// server what can change live (<see cref="LiveReload"/>); says what changed. A bad value refuses
/// the whole reload: the server goes on as it was.
/// </summary>
/// <param name="load">Reads the options' sources again.</param>
/// <param name="apply">Gives the server the new limits and transports; returns the certificate's line (null: no TLS).</param>
public sealed class ConfigurationReloader(OptionSources started, ServerConfiguration runningConfiguration, Func<OptionSources> load, Func<ServerLimits, TransportSettings, string?> apply)
{
    private readonly Lock _lock = new();
    private readonly OptionSources _started = started;
    private OptionSources _sources = started;
    private ServerConfiguration _configuration = runningConfiguration;

    /// <summary>One reload; the lines to log (the first says what started it).</summary>
    public IReadOnlyList<string> Reload(string why)
    {
        lock (_lock)
        {
            var lines = new List<string> { $"Reloading the configuration ({why})" };
            OptionSources sources;
            ServerConfiguration configuration;
            try
            {
                sources = load();
                configuration = ServerConfiguration.From(sources);
            }
            catch (OptionProblem problem)
            {
                lines.Add($"Reload refused, nothing changed: {problem.Message}");
                return lines;
            }
            var plan = LiveReload.Plan(_sources, _started, _configuration, sources, configuration);
            string? certificate;
            try
            {
                certificate = apply(plan.Limits, configuration.Transports);
            }
            catch (InvalidOperationException e)
            {
                certificate = $"TLS certificate kept: {e.Message}";
            }
            lines.AddRange(plan.Changes.Select(change => "Changed " + change));
            if (certificate is not null) lines.Add(certificate);
            lines.AddRange(plan.AtNextStart.Select(change => $"Not changed until the next start: {change}"));
            if (plan.Changes.Count == 0 && plan.AtNextStart.Count == 0) lines.Add("No option changed");
            // What the server runs with now: the live options new, the others as they were started.
            _sources = sources;
            _configuration = _configuration with { Limits = plan.Limits };
            return lines;
        }
    }
}
