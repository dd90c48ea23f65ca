using static ActorChat.Server.Configuration.ServerOptions;

namespace ActorChat.Server.Configuration;

/// <summary>What a reload changes: the limits new connections get, and the lines that say so.</summary>
/// <param name="Limits">The running limits with the live options' new values.</param>
/// <param name="Changes">One line per live option whose value changed ("--motd: "a" → "b"").</param>
/// <param name="AtNextStart">One line per other option whose value changed: kept until the server starts again.</param>
public sealed record ReloadPlan(ServerLimits Limits, IReadOnlyList<string> Changes, IReadOnlyList<string> AtNextStart);

/// <summary>
/// The options a running server takes again on SIGHUP or a change of its file: the message of the
/// day and the per-connection limits (for connections made from then on; connected clients keep
/// theirs), and the TLS certificate, which is read again from its files at every reload. The rest
/// (ports, store, cluster, Akka) take effect at the next start.
/// </summary>
public static class LiveReload
{
    /// <summary>The live options; <see cref="Plan"/> copies exactly these into the running limits (keep the two together).</summary>
    public static readonly IReadOnlyList<ServerOption> Live =
        [Motd, MaxClients, MaxPerAddress, ClientIdle, LoginTimeout, Rate, RateBurst, FloodStrikes, MaxText, TlsCert, TlsKey];

    /// <summary>Options whose values are never written in a log line (a connection string may hold a password).</summary>
    private static readonly IReadOnlyList<ServerOption> Secret = [Db];

    /// <param name="running">The sources the live options were last read from.</param>
    /// <param name="started">The sources the server started with (the other options still hold their values).</param>
    public static ReloadPlan Plan(OptionSources running, OptionSources started, ServerConfiguration runningConfiguration, OptionSources next, ServerConfiguration nextConfiguration)
    {
        var changes = new List<string>();
        var atNextStart = new List<string>();
        foreach (var option in ServerOptions.All.Where(o => o != Config)) // the file read again is the one started with
        {
            var live = Live.Contains(option);
            var (before, after) = ((live ? running : started).Describe(option), next.Describe(option));
            if (before == after) continue;
            var line = Secret.Contains(option) ? $"{option.Flag} changed" : $"{option.Flag}: {before} → {after}";
            (live ? changes : atNextStart).Add(line);
        }
        var n = nextConfiguration.Limits;
        var limits = runningConfiguration.Limits with
        {
            Motd = n.Motd,
            MaxClients = n.MaxClients,
            MaxPerAddress = n.MaxPerAddress,
            ClientIdle = n.ClientIdle,
            LoginTimeout = n.LoginTimeout,
            RatePerSecond = n.RatePerSecond,
            RateBurst = n.RateBurst,
            FloodStrikes = n.FloodStrikes,
            MaxTextLength = n.MaxTextLength,
        };
        return new ReloadPlan(limits, changes, atNextStart);
    }
}
