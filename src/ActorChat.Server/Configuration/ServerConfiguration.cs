using ActorChat.Server.Accounts;
using ActorChat.Server.Hosting;
using ActorChat.Server.Storage;
using ActorChat.Server.Transport;
using static ActorChat.Server.Configuration.ServerOptions;

namespace ActorChat.Server.Configuration;

/// <summary>
/// What the server starts with, read from the options' sources (<see cref="OptionSources"/>): the
/// limits, the store, the transports and the cluster. Every value is checked here, before anything
/// starts; the first bad one is an <see cref="OptionProblem"/>.
/// </summary>
public sealed record ServerConfiguration(ServerLimits Limits, StorageSettings Storage, TransportSettings Transports, ClusterSettings? Cluster, FileInfo? AkkaConfigFile, FileInfo? ConfigFile = null)
{
    public static StorageSettings StorageFrom(OptionSources sources) =>
        new()
        {
            DataDirectory = sources.Get(DataDir),
            PostgresConnectionString = sources.Get(Db),
            SqliteSync = sources.Get(ServerOptions.SqliteSync) == "full" ? ActorChat.Server.Storage.SqliteSync.Full : ActorChat.Server.Storage.SqliteSync.Normal,
        };

    /// <exception cref="OptionProblem">A value out of range, or options that do not go together.</exception>
    public static ServerConfiguration From(OptionSources sources)
    {
        // Every value is checked, also one that this start does not use (a --seed without --cluster-port).
        foreach (var option in ServerOptions.All) option.CheckIn(sources);
        var clusterPort = sources.Get(ClusterPort);
        var limits = new ServerLimits
        {
            Host = sources.Get(Host),
            Port = sources.Get(ListenPort),
            MaxClients = sources.Get(MaxClients),
            MaxPerAddress = sources.Get(MaxPerAddress),
            LoginTimeout = TimeSpan.FromSeconds(sources.Get(LoginTimeout)),
            RatePerSecond = sources.Get(Rate),
            RateBurst = sources.Get(RateBurst),
            FloodStrikes = sources.Get(FloodStrikes),
            ClientIdle = TimeSpan.FromSeconds(sources.Get(ClientIdle)),
            // A cluster node serves other nodes' users too: it does not stop for want of its own, unless told to.
            IdleShutdown = clusterPort > 0 && !sources.IsGiven(IdleShutdown) ? TimeSpan.Zero : TimeSpan.FromSeconds(sources.Get(IdleShutdown)),
            MaxFrameBytes = sources.Get(MaxFrame),
            MaxTextLength = sources.Get(MaxText),
            MaxPendingWriteBytes = sources.Get(MaxPending),
            Motd = sources.Get(Motd),
            AccountsRequired = sources.Get(ServerOptions.Accounts) == "required",
            LoginAttempts = new AttemptLimits(sources.Get(MaxFailedPerName), sources.Get(MaxFailedPerAddress),
                TimeSpan.FromSeconds(sources.Get(LoginLockout)), TimeSpan.FromSeconds(sources.Get(MaxLoginLockout)), new ServerLimits().LoginAttempts.Memory),
            LoginRefusalDelay = TimeSpan.FromSeconds(sources.Get(RefusalDelay)),
            PasswordHashCost = new Argon2Cost(sources.Get(ArgonMemory), sources.Get(ArgonPasses)),
            PasswordCheckThreads = sources.Get(CheckThreads),
            MaxPasswordChecksWaiting = sources.Get(ChecksWaiting),
        };
        if (limits.MaxPendingWriteBytes < limits.MaxFrameBytes)
            throw Together(MaxPending, MaxFrame, sources, "must be at least --max-frame (a whole frame must fit)");
        if (limits.LoginAttempts.MaxLockout < limits.LoginAttempts.Lockout)
            throw Together(MaxLoginLockout, LoginLockout, sources, "must be at least --login-lockout");

        var transports = new TransportSettings
        {
            TlsPort = sources.Get(TlsPort),
            HttpPort = sources.Get(HttpPort),
            CertificateFile = sources.Get(TlsCert)?.FullName,
            KeyFile = sources.Get(TlsKey)?.FullName,
            AllowedOrigins = sources.Get(AllowedOrigins),
        };
        if (transports.Problem() is { } transportProblem) throw new OptionProblem(transportProblem);

        var storage = StorageFrom(sources);
        ClusterSettings? cluster = null;
        if (clusterPort != 0)
        {
            if (!storage.UsesPostgres) throw new OptionProblem(ChatServer.ClusterNeedsSharedStore);
            cluster = new ClusterSettings { Port = clusterPort, PublicHost = sources.Get(ClusterHost), Seeds = sources.Get(Seeds) };
        }
        return new ServerConfiguration(limits, storage, transports, cluster, sources.Get(AkkaConfig), sources.Get(Config));
    }

    private static OptionProblem Together(ServerOption option, ServerOption other, OptionSources sources, string problem) =>
        new($"{option.Flag} ({sources.SourceOf(option)}) {problem} ({other.Flag} {sources.SourceOf(other)})");
}
