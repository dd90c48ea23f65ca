using System.Diagnostics.Metrics;
using System.Net;
using ActorChat.Server.Metrics;
using ActorChat.Server.Accounts;
using ActorChat.Server.Delivery;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Network;
using ActorChat.Server.Storage;
using ActorChat.Server.Transport;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using Akka.Actor;
using Akka.Actor.Dsl;
using Akka.Cluster.Tools.Singleton;
using Akka.Event;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

    private ChatServer(ActorSystem system, IActorRef listener, IActorRef rooms, IActorRef users, IPEndPoint endPoint, Address? clusterAddress, WebFrontEnd? web)
    {
        _web = web;
        TlsEndPoint = web?.TlsEndPoint;
        HttpEndPoint = web?.HttpEndPoint;
        ClusterAddress = clusterAddress;
        System = system;
        Listener = listener;
        Rooms = rooms;
        Users = users;
        EndPoint = endPoint;
    }

    private readonly WebFrontEnd? _web;

    public ActorSystem System { get; }
    public IActorRef Listener { get; }

    /// <summary>The one way of addressing rooms: the room registry, or the sharding region on a cluster node.</summary>
    public IActorRef Rooms { get; }

    /// <summary>The user directory (on a cluster node, the proxy of the cluster's singleton).</summary>
    public IActorRef Users { get; }

    /// <summary>Where the server listens (the real port when 0 was asked).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Where the TLS port listens (<c>--tls-port</c>); null when off.</summary>
    public IPEndPoint? TlsEndPoint { get; }

    /// <summary>Where the HTTP port listens (<c>--http-port</c>: WebSocket, the browser client, health); null when off.</summary>
    public IPEndPoint? HttpEndPoint { get; }

    /// <summary>
    /// A reload: connections admitted from now on get <paramref name="limits"/> (the MOTD in their
    /// welcome, their rate and idle limits; the listener's max-clients and per-address counts), and
    /// TLS connections the certificate read again from <paramref name="transports"/>' files.
    /// </summary>
    /// <returns>What the certificate reload did, for the log (null: no TLS).</returns>
    /// <exception cref="InvalidOperationException">The certificate cannot be read: the running one stays, the limits are applied.</exception>
    public string? Reload(ServerLimits limits, TransportSettings transports)
    {
        Listener.Tell(new ApplyLimits(limits));
        return _web?.ReloadCertificate(transports);
    }

    /// <summary>Completes when the server has stopped, for whatever reason (idle, signal, <see cref="StopAsync"/>).</summary>
    public Task WhenTerminated => System.WhenTerminated;

    /// <summary>The message a cluster node started without a shared store stops with.</summary>
    public const string ClusterNeedsSharedStore =
        "A cluster node needs --db: every node of a cluster keeps its history in one shared PostgreSQL database (--db \"Host=...;Database=...;Username=...;Password=...\").";

    /// <summary>
    /// Starts a server: alone, or as a cluster node when <paramref name="cluster"/> is given. Throws
    /// <see cref="InvalidOperationException"/> when the port cannot be bound or the cluster not joined.
    /// The actor system is composed with Akka.Hosting (<see cref="ServerComposition"/>); with
    /// <paramref name="transports"/> that use them, Kestrel serves the TLS and HTTP ports in the same host.
    /// </summary>
    /// <param name="akkaConfigFile"><c>--akka-config</c>: Akka settings laid over everything.</param>
    /// <param name="useServerLog">Akka's log to <see cref="ServerLog"/> (set up by the caller), as the real server does.</param>
    public static async Task<ChatServer> StartAsync(ServerLimits limits, StorageSettings storage, FileInfo? akkaConfigFile = null,
        ClusterSettings? cluster = null, TransportSettings? transports = null, bool useServerLog = false)
    {
        if (cluster is not null && !storage.UsesPostgres) throw new InvalidOperationException(ClusterNeedsSharedStore);
        if (transports?.Problem() is { } problem) throw new InvalidOperationException(problem);
        var web = transports is { UsesKestrel: true } ? new WebFrontEnd(transports, limits, storage) : null;
        var store = storage.OpenStore();
        var passwordChecks = new PasswordCheckQueue(limits.PasswordCheckThreads, limits.MaxPasswordChecksWaiting);
        var parts = new ServerParts(limits, storage, store, new AccountServices(store.Accounts, new PasswordHasher(limits.PasswordHashCost), passwordChecks), cluster);
        IHost host;
        ActorSystem system;
        try
        {
            IHostApplicationBuilder builder = web is null
                ? Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings())
                : WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Services.AddAkka(SystemName, akka => akka
                .WithActors((system, _) => web?.Metrics.Serve(system)) // first: the exporter takes the instruments of this system only, made from here on
                .AddChatServer(parts, akkaConfigFile, useServerLog));
            host = Build(builder, web);
            await host.StartAsync(); // Kestrel listens from here; its connections wait at the front door until the listener is up
            system = host.Services.GetRequiredService<ActorSystem>(); // throws what creating it threw (bad configuration, a taken cluster port)
            web?.Readiness.Watch(system, clustered: cluster is not null);
        }
        catch (IOException e) when (web is not null)
        {
            passwordChecks.Dispose();
            store.Dispose();
            throw new InvalidOperationException($"cannot listen on the TLS or HTTP port: {e.Message}", e);
        }
        catch
        {
            passwordChecks.Dispose();
            store.Dispose();
            throw;
        }
        _ = system.WhenTerminated.ContinueWith(_ =>
        {
            passwordChecks.Dispose();
            store.Dispose();
            host.Dispose();
        }, TaskScheduler.Default);

        try
        {
            var registry = ActorRegistry.For(system);
            Address? clusterAddress = null;
            if (cluster is not null)
            {
                clusterAddress = await JoinAsync(system, cluster);
                ObserveClusterMembers(system);
            }
            var listener = StartListener(system, registry, limits, clustered: cluster is not null);
            var bound = await listener.Ask<object>(AwaitBinding.Instance, TimeSpan.FromSeconds(30));
            if (bound is ListenerBindFailed failed) throw new InvalidOperationException(failed.Reason);
            web?.Door.Open(system, listener);
            if (web?.TlsEndPoint is { } tls) system.Log.Info("ActorChat listening for TLS on {0}", tls);
            if (web?.HttpEndPoint is { } http) system.Log.Info("ActorChat serving {0} on {1} (WebSocket at /ws, the browser client at /)", transports!.HasCertificate ? "HTTPS" : "HTTP", http);

            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "bye-to-clients", async () =>
            {
                web?.Door.Closing();
                await listener.Ask<ServerStopped>(StopServer.Instance, limits.ShutdownGrace + TimeSpan.FromSeconds(5));
                return Akka.Done.Instance;
            });

            return new ChatServer(system, listener, registry.Get<ServerActors.Rooms>(), registry.Get<ServerActors.Users>(), ((ListenerBound)bound).EndPoint, clusterAddress, web);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>
    /// The sessions' side: the listener (a session per connection), the idle shutdown and the
    /// stats. Started last, on a cluster node once it is a member, so no client is served before
    /// the node can serve it.
    /// </summary>
    private static IActorRef StartListener(ActorSystem system, IReadOnlyActorRegistry registry, ServerLimits limits, bool clustered)
    {
        var users = registry.Get<ServerActors.Users>();
        var fanout = registry.Get<NodeFanout>();
        var shutdownTrigger = system.ActorOf(act =>
            act.Receive<IdleShutdownElapsed>((_, _) => CoordinatedShutdown.Get(system).Run(IdleShutdownReason.Instance)),
            "shutdown-trigger");
        var idleMonitor = system.ActorOf(IdleShutdownMonitor.Props(limits.IdleShutdown, shutdownTrigger), "idle-shutdown");
        var stats = system.ActorOf(ServerStats.Props(users, registry.Get<ServerActors.RoomCount>(), clustered ? fanout : null), "stats");
        var routes = new SessionRoutes(users, registry.Get<ServerActors.Rooms>(), registry.Get<ServerActors.RoomList>(), fanout, stats);
        var listener = system.ActorOf(ChatListener.Props(limits, routes, idleMonitor), "listener");
        stats.Tell(new ServerStats.CountSessionsAt(listener)); // in its mailbox before any session can exist
        return listener;
    }

    private static IHost Build(IHostApplicationBuilder builder, WebFrontEnd? web)
    {
        if (builder is HostApplicationBuilder plain) return plain.Build();
        var webBuilder = (WebApplicationBuilder)builder;
        web!.Configure(webBuilder);
        var app = webBuilder.Build();
        web.Map(app);
        return app;
    }

    /// <summary>Joins the seeds (or starts a cluster of its own) and waits until this node is a member.</summary>
    private static async Task<Address> JoinAsync(ActorSystem system, ClusterSettings settings)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        var seeds = settings.SeedAddresses(SystemName).Select(Address.Parse).ToList();
        if (seeds.Count == 0) cluster.Join(cluster.SelfAddress);
        else cluster.JoinSeedNodes(seeds);
        try
        {
            await up.Task.WaitAsync(settings.JoinTimeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException(
                $"Could not join the cluster through {string.Join(", ", settings.Seeds)} within {settings.JoinTimeout.TotalSeconds:0} s: is a seed node running and reachable?");
        }
        system.Log.Info("Cluster node {0} is up ({1} members)", cluster.SelfAddress, cluster.State.Members.Count);
        return cluster.SelfAddress;
    }

    /// <summary><c>actorchat_cluster_members</c> by status, as this node sees the cluster at each scrape.</summary>
    private static void ObserveClusterMembers(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        ChatMetrics.Of(system).ObserveClusterMembers(() => cluster.State.Members
            .GroupBy(member => member.Status)
            .Select(status => new Measurement<int>(status.Count(), new KeyValuePair<string, object?>("status", StatusName(status.Key))))
            .ToList());
    }

    private static string StatusName(Akka.Cluster.MemberStatus status) => status switch
    {
        Akka.Cluster.MemberStatus.WeaklyUp => "weakly_up",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>Stops the server as Ctrl-C would: every client gets <c>bye shutdown</c>.</summary>
    public Task StopAsync() => CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await System.WhenTerminated;
    }

    /// <summary>This node's address in the cluster (none when the server runs alone).</summary>
    public Address? ClusterAddress { get; }
}
