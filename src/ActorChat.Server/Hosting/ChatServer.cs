using System.Net;
using ActorChat.Server.Delivery;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Network;
using ActorChat.Server.Storage;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using Akka.Actor;
using Akka.Actor.Dsl;
using Akka.Configuration;
using Akka.Event;

namespace ActorChat.Server.Hosting;

/// <summary>
/// A running ActorChat server: its actor system and top-level actors, wired together.
/// Program uses it for the real server; tests start one in-process on port 0.
/// Stopping goes through Akka's CoordinatedShutdown, whose first phase says
/// <c>bye shutdown</c> to every client.
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    public const string SystemName = "actorchat";

    private static readonly Config BaseConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = INFO
          stdout-loglevel = WARNING
          log-dead-letters = off
          actor.guardian-supervisor-strategy = "ActorChat.Server.Lifecycle.ResumingGuardianStrategy, actorchat-server"
          log-dead-letters-during-shutdown = off
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

    private ChatServer(ActorSystem system, IActorRef listener, IActorRef rooms, IActorRef users, IPEndPoint endPoint)
    {
        System = system;
        Listener = listener;
        Rooms = rooms;
        Users = users;
        EndPoint = endPoint;
    }

    public ActorSystem System { get; }
    public IActorRef Listener { get; }
    public IActorRef Rooms { get; }
    public IActorRef Users { get; }

    /// <summary>Where the server listens (the real port when 0 was asked).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Completes when the server has stopped, for whatever reason (idle, signal, <see cref="StopAsync"/>).</summary>
    public Task WhenTerminated => System.WhenTerminated;

    /// <summary>Starts a server; throws <see cref="InvalidOperationException"/> when the port cannot be bound.</summary>
    public static async Task<ChatServer> StartAsync(ServerLimits limits, StorageSettings storage, Config? extraConfig = null)
    {
        var store = storage.OpenStore();
        var config = (extraConfig ?? Config.Empty).WithFallback(LimitsConfig(limits)).WithFallback(BaseConfig).WithFallback(CompactMailbox.Configuration).WithFallback(StorageSettings.DispatcherConfig);
        ActorSystem system;
        try
        {
            system = ActorSystem.Create(SystemName, config);
        }
        catch
        {
            store.Dispose();
            throw;
        }
        _ = system.WhenTerminated.ContinueWith(_ => store.Dispose(), TaskScheduler.Default);
        try
        {
            system.Log.Info("History is kept in {0}", storage.Describe());
            if (store.ImportedFromLegacyJournal > 0)
                system.Log.Info("Brought {0} messages over from the journal of ActorChat 1.x (its table is left as it was)", store.ImportedFromLegacyJournal);
            if (!storage.UsesPostgres) system.ActorOf(WalCheckpointer.Props(storage.ConnectionString, WalCheckpointer.Interval), "wal-checkpointer");
            var messages = new MessageStorage(system.ActorOf(MessageWriter.Props(store), "message-writer"), store);
            var users = system.ActorOf(UserDirectory.Props(limits.Clock, messages), "users");
            var fanout = system.ActorOf(NodeFanout.Props(), NodeFanout.Name);
            var rooms = system.ActorOf(RoomRegistry.Props(limits, fanout, messages), "rooms");
            var shutdownTrigger = system.ActorOf(act =>
                act.Receive<IdleShutdownElapsed>((_, _) => CoordinatedShutdown.Get(system).Run(IdleShutdownReason.Instance)),
                "shutdown-trigger");
            var idleMonitor = system.ActorOf(IdleShutdownMonitor.Props(limits.IdleShutdown, shutdownTrigger), "idle-shutdown");
            var stats = system.ActorOf(ServerStats.Props(users, rooms), "stats");
            var listener = system.ActorOf(ChatListener.Props(limits, new SessionRoutes(users, rooms, fanout, fanout, stats), idleMonitor), "listener");
            stats.Tell(new ServerStats.CountSessionsAt(listener)); // in its mailbox before any session can exist

            var bound = await listener.Ask<object>(AwaitBinding.Instance, TimeSpan.FromSeconds(30));
            if (bound is ListenerBindFailed failed) throw new InvalidOperationException(failed.Reason);

            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "bye-to-clients", async () =>
            {
                await listener.Ask<ServerStopped>(StopServer.Instance, limits.ShutdownGrace + TimeSpan.FromSeconds(5));
                return Akka.Done.Instance;
            });

            return new ChatServer(system, listener, rooms, users, ((ListenerBound)bound).EndPoint);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>
    /// Akka settings that follow the server's limits: a connection queues at most
    /// <see cref="ServerLimits.MaxPendingWriteBytes"/> for a client that does not read (rooms write
    /// straight to it, see <see cref="Delivery.MemberPort"/>); past that a write fails and the client is dropped.
    /// </summary>
    private static Config LimitsConfig(ServerLimits limits) => ConfigurationFactory.ParseString(
        $"akka.io.tcp.write-commands-queue-max-size = {Math.Clamp(limits.MaxPendingWriteBytes, 1, int.MaxValue)}");

    /// <summary>Stops the server as Ctrl-C would: every client gets <c>bye shutdown</c>.</summary>
    public Task StopAsync() => CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await System.WhenTerminated;
    }
}
