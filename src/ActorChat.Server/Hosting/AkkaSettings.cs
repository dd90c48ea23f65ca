using System.Globalization;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;

namespace ActorChat.Server.Hosting;

/// <summary>
/// The Akka settings of a server. Fixed ones are written once, below; those that follow the
/// server's own values are given to Akka.Hosting as configuration keys
/// (<see cref="Microsoft.Extensions.Configuration"/>, turned into HOCON by Akka.Hosting's adapter),
/// so no HOCON text is ever built from a value.
/// </summary>
public static class AkkaSettings
{
    /// <summary>
    /// The loggers and dead letters are set through Akka.Hosting (<see cref="ServerComposition"/>); the
    /// level is here because Akka.Hosting 1.5.74 writes its <c>LogLevel</c> as <c>Info</c>, which Akka
    /// reads as DEBUG (a test keeps it at INFO).
    /// </summary>
    public static readonly Config Defaults = ConfigurationFactory.ParseString("""
        akka {
          loglevel = INFO
          stdout-loglevel = WARNING
          actor.guardian-supervisor-strategy = "ActorChat.Server.Lifecycle.ResumingGuardianStrategy, actorchat-server"
          # Actors run on dedicated threads, one per core, not on the .NET thread pool: measured
          # (docs/benchmarks.md) p50 latency in fan-out fell from ~10 ms to ~5 ms at 200 k
          # deliveries/s, with no context switching between pool threads on a busy core.
          actor.default-dispatcher {
            executor = fork-join-executor
            fork-join-executor {
              parallelism-min = 1
              parallelism-factor = 1.0
              parallelism-max = 64
            }
          }
          actor.internal-dispatcher = ${akka.actor.default-dispatcher}
          coordinated-shutdown {
            exit-clr = off
            run-by-clr-shutdown-hook = on
            phases.service-unbind.timeout = 15s
          }
        }
        """);

    /// <summary>
    /// Akka settings that follow the server's limits: a connection queues at most
    /// <see cref="ServerLimits.MaxPendingWriteBytes"/> for a client that does not read (rooms write
    /// straight to it, see <see cref="Delivery.MemberPort"/>); past that a write fails and the client is dropped.
    /// </summary>
    public static IConfiguration FollowingLimits(ServerLimits limits) => Keys(new()
    {
        ["akka:io:tcp:write-commands-queue-max-size"] = Number(Math.Clamp(limits.MaxPendingWriteBytes, 1, int.MaxValue)),
    });

    /// <summary>
    /// Cluster settings not in Akka.Cluster.Hosting's options: how long the membership must be
    /// stable before the split-brain resolver downs unreachable nodes.
    /// </summary>
    public static IConfiguration ForCluster(ClusterSettings cluster) => Keys(new()
    {
        ["akka:cluster:split-brain-resolver:stable-after"] = Akka.Hosting.HoconExtensions.ToHocon(cluster.StableAfter, allowInfinite: false, zeroIsInfinite: false),
    });

    private static IConfiguration Keys(Dictionary<string, string?> keys) => new ConfigurationBuilder().AddInMemoryCollection(keys).Build();

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
