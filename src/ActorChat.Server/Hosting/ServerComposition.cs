using ActorChat.Server.Accounts;
using ActorChat.Server.Delivery;
using ActorChat.Server.Network;
using ActorChat.Server.Rooms;
using ActorChat.Server.Storage;
using ActorChat.Server.Users;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using Akka.Logger.Serilog;

namespace ActorChat.Server.Hosting;

/// <summary>What a server is made of before its actor system exists: its settings, its open store and its accounts.</summary>
public sealed record ServerParts(ServerLimits Limits, StorageSettings Storage, IMessageStore Store, AccountServices Accounts, ClusterSettings? Cluster);

/// <summary>
/// Keys of the server's top-level actors in Akka.Hosting's <see cref="ActorRegistry"/>, for those
/// whose key is not their own actor type (<see cref="MessageWriter"/>, <see cref="NodeFanout"/>).
/// </summary>
public static class ServerActors
{
    /// <summary>The one way of addressing rooms: the room registry, or the sharding region on a cluster node.</summary>
    public sealed class Rooms;

    /// <summary>The user directory (on a cluster node, the proxy of the cluster's singleton).</summary>
    public sealed class Users;

    /// <summary>Who answers <c>rooms</c>: the node's fan-out alone, or every node's asked in a cluster.</summary>
    public sealed class RoomList;

    /// <summary>Who counts the rooms for <c>stats</c>.</summary>
    public sealed class RoomCount;
}

/// <summary>
/// The server's actor system composed with Akka.Hosting, alone and as a cluster node alike: its
/// settings (<see cref="AkkaSettings"/>), its log, and the actors behind the sessions (the store's
/// writer, the node's fan-out, the users and the rooms), each registered in the
/// <see cref="ActorRegistry"/>. The sessions' side (<see cref="ChatListener"/>) starts after,
/// once a cluster node is a member (<see cref="ChatServer"/>).
/// </summary>
public static class ServerComposition
{
    /// <param name="akkaConfigFile"><c>--akka-config</c>: laid over everything.</param>
    /// <param name="useServerLog">Akka's log to <see cref="ServerLog"/> (console and files); else Akka's own console log.</param>
    public static AkkaConfigurationBuilder AddChatServer(this AkkaConfigurationBuilder akka, ServerParts parts, FileInfo? akkaConfigFile, bool useServerLog)
    {
        akka.AddHocon(AkkaSettings.Defaults.WithFallback(CompactMailbox.Configuration).WithFallback(StorageSettings.DispatcherConfig), HoconAddMode.Append)
            .AddHocon(AkkaSettings.FollowingLimits(parts.Limits), HoconAddMode.Prepend)
            .ConfigureLoggers(log =>
            {
                log.DeadLetterOptions = new DeadLetterOptions { ShouldLog = TriStateValue.None /* off */, LogDuringShutdown = false };
                if (!useServerLog) return;
                log.ClearLoggers();
                log.AddLogger<SerilogLogger>();
                // Serilog renders Akka's message templates itself, as the Serilog logger's own docs set it up.
#pragma warning disable CS0618 // "only for a custom formatter": Serilog's is one
                log.WithDefaultLogMessageFormatter<SerilogLogMessageFormatter>();
#pragma warning restore CS0618
            })
            .WithActors((system, registry) => StartStorage(system, registry, parts));
        if (parts.Cluster is { } cluster)
        {
            akka.AddClusterNode(cluster, parts.Limits, parts.Store)
                .WithSingleton<ServerActors.Users>("users",
                    (_, registry, _) => UserDirectory.Props(parts.Limits, Messages(registry, parts), parts.Accounts, recovery: cluster.NameRecovery),
                    new ClusterSingletonOptions { TerminationMessage = PoisonPill.Instance })
                .WithActors((system, registry) => StartClusterRooms(system, registry));
        }
        else
        {
            akka.WithActors((system, registry) => StartRooms(system, registry, parts));
        }
        if (akkaConfigFile is not null) akka.AddHoconFile(akkaConfigFile.FullName, HoconAddMode.Prepend);
        return akka;
    }

    /// <summary>The store's writer (one actor on its own thread) and, for SQLite, the WAL checkpoints.</summary>
    private static void StartStorage(ActorSystem system, IActorRegistry registry, ServerParts parts)
    {
        system.Log.Info("History is kept in {0}", parts.Storage.Describe());
        if (parts.Store.ImportedFromLegacyJournal > 0)
            system.Log.Info("Brought {0} messages over from the journal of ActorChat 1.x (its table is left as it was)", parts.Store.ImportedFromLegacyJournal);
        if (!parts.Storage.UsesPostgres) system.ActorOf(WalCheckpointer.Props(parts.Storage.ConnectionString, WalCheckpointer.Interval), "wal-checkpointer");
        registry.Register<MessageWriter>(system.ActorOf(MessageWriter.Props(parts.Store), "message-writer"));
        registry.Register<NodeFanout>(system.ActorOf(NodeFanout.Props(), NodeFanout.Name));
    }

    /// <summary>A single node: the user directory and the room registry are this node's own actors.</summary>
    private static void StartRooms(ActorSystem system, IActorRegistry registry, ServerParts parts)
    {
        var fanout = registry.Get<NodeFanout>();
        registry.Register<ServerActors.Users>(system.ActorOf(UserDirectory.Props(parts.Limits, Messages(registry, parts), parts.Accounts), "users"));
        var rooms = system.ActorOf(RoomRegistry.Props(parts.Limits, fanout, Messages(registry, parts)), "rooms");
        registry.Register<ServerActors.Rooms>(rooms);
        registry.Register<ServerActors.RoomCount>(rooms);
        registry.Register<ServerActors.RoomList>(fanout);
    }

    /// <summary>A cluster node: the rooms are the sharding region's, counted and listed across the nodes.</summary>
    private static void StartClusterRooms(ActorSystem system, IActorRegistry registry)
    {
        var region = registry.Get<RoomsRegion>();
        registry.Register<ServerActors.Rooms>(region);
        registry.Register<ServerActors.RoomCount>(system.ActorOf(RegionRoomCount.Props(region), "room-count"));
        registry.Register<ServerActors.RoomList>(system.ActorOf(ClusterRoomList.Props(), "room-list"));
        system.ActorOf(RegionShardCount.Props(region, RegionShardCount.Interval), "shard-count");
    }

    private static MessageStorage Messages(IReadOnlyActorRegistry registry, ServerParts parts) => new(registry.Get<MessageWriter>(), parts.Store);
}
