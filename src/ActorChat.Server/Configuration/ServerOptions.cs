using ActorChat.Server.Accounts;
using ActorChat.Server.Hosting;
using ActorChat.Server.Storage;
using ActorChat.Server.Transport;

namespace ActorChat.Server.Configuration;

/// <summary>
/// Every option of the server, once: its flag, its key in the configuration file and its
/// environment variable are all named from it (<see cref="ServerOption"/>), its default comes from
/// the settings' own defaults, and its range is checked whichever source gave it.
/// </summary>
public static class ServerOptions
{
    private static readonly ServerLimits Limits = new();
    private static readonly StorageSettings Storage = new();
    private static readonly ClusterSettings Cluster = new();
    private static readonly AttemptLimits Attempts = Limits.LoginAttempts;

    private static string? AtLeast(long value, long least) => value < least ? $"must be at least {least}" : null;
    private static string? NotNegative(double value) => value < 0 ? "must not be negative (0 turns it off)" : null;
    private static string? Port(int value) => value is < 0 or > 65535 ? "a port is 0 to 65535 (0: any free port)" : null;
    private static string? ExistingFile(FileInfo? file) => file is { Exists: false } ? "there is no such file" : null;

    public static readonly ServerOption<FileInfo?> Config = new("config", "A JSON file of options, keys named as the flags: {\"port\": 7000, \"max-clients\": 5000} (docs/actorchat.example.json)", null, recursive: true);

    public static readonly ServerOption<string> Host = new("host", "Address to listen on", Limits.Host, h => string.IsNullOrWhiteSpace(h) ? "give an address" : null);
    public static readonly ServerOption<int> ListenPort = new("port", "TCP port to listen on (0 = any free port)", Limits.Port, Port);
    public static readonly ServerOption<int> MaxClients = new("max-clients", "Most clients connected at once; one more gets bye server_full", Limits.MaxClients, v => AtLeast(v, 1));
    public static readonly ServerOption<int> MaxPerAddress = new("max-per-address", "Most connections from one IP address (loopback included)", Limits.MaxPerAddress, v => AtLeast(v, 1));
    public static readonly ServerOption<double> ClientIdle = new("client-idle", "Seconds without a frame before a client gets bye idle (0 = off)", Limits.ClientIdle.TotalSeconds, NotNegative);
    public static readonly ServerOption<double> LoginTimeout = new("login-timeout", "Seconds a connection may take to log in before bye idle (0 = off)", Limits.LoginTimeout.TotalSeconds, NotNegative);
    public static readonly ServerOption<double> IdleShutdown = new("idle-shutdown", "Seconds with no client connected before the server exits (0 = off)", Limits.IdleShutdown.TotalSeconds, NotNegative);
    public static readonly ServerOption<double> Rate = new("rate", "Requests per second per connection, on average (0 = no limit)", Limits.RatePerSecond, NotNegative);
    public static readonly ServerOption<int> RateBurst = new("rate-burst", "Requests a connection may send at once above the rate", Limits.RateBurst, v => AtLeast(v, 1));
    public static readonly ServerOption<int> FloodStrikes = new("flood-strikes", "Rate-limited or unreadable frames in a burst before bye flood", Limits.FloodStrikes, v => AtLeast(v, 1));
    public static readonly ServerOption<int> MaxFrame = new("max-frame", "Largest frame in bytes; longer lines get frame_too_large", Limits.MaxFrameBytes, v => AtLeast(v, 64));
    public static readonly ServerOption<int> MaxText = new("max-text", "Longest message text in characters", Limits.MaxTextLength, v => AtLeast(v, 1));
    public static readonly ServerOption<long> MaxPending = new("max-pending-bytes", "Bytes that may wait for a client that does not read before bye slow_consumer (at least --max-frame)", Limits.MaxPendingWriteBytes, v => AtLeast(v, 64));
    public static readonly ServerOption<string?> Motd = new("motd", "Message of the day, sent in welcome", null);

    public static readonly ServerOption<string> DataDir = new("data-dir", "Folder for the SQLite history file and the logs", Storage.DataDirectory, d => string.IsNullOrWhiteSpace(d) ? "give a folder" : null, recursive: true);
    public static readonly ServerOption<string?> Db = new("db", "PostgreSQL connection string (Host=...;Database=...;Username=...;Password=...); default: SQLite in --data-dir", null, recursive: true);
    public static readonly ServerOption<string> SqliteSync = new(
        "sqlite-sync",
        "normal: a stored message survives the server being killed (fsync at checkpoints); full: also a power cut (fsync every commit, slower)",
        "normal", allowed: ["normal", "full"], recursive: true);
    public static readonly ServerOption<FileInfo?> AkkaConfig = new("akka-config", "A HOCON file laid over the server's Akka settings (dispatchers, Akka.IO, Akka.Cluster)", null, ExistingFile);

    public static readonly ServerOption<int> ClusterPort = new("cluster-port", "Make this server a cluster node, reached by the other nodes on this port (0 = run alone); needs --db", 0, Port);
    public static readonly ServerOption<string> ClusterHost = new("cluster-host", "The address the other nodes reach this one at", Cluster.PublicHost);
    public static readonly ServerOption<string[]> Seeds = new("seed", "A node to join the cluster through, HOST:PORT (repeatable; a node may name itself; none: start a new cluster)", [],
        seeds => seeds.FirstOrDefault(s => !IsHostAndPort(s)) is { } bad ? $"{bad} is not HOST:PORT" : null);

    public static readonly ServerOption<int?> TlsPort = new("tls-port", "Also serve the protocol inside TLS on this port (needs --tls-cert and --tls-key; 0 = any free port)", null, p => p is { } v ? Port(v) : null);
    public static readonly ServerOption<FileInfo?> TlsCert = new("tls-cert", "The server's certificate chain, PEM (for --tls-port, and HTTPS on --http-port)", null, ExistingFile);
    public static readonly ServerOption<FileInfo?> TlsKey = new("tls-key", "The certificate's private key, PEM", null, ExistingFile);
    public static readonly ServerOption<int?> HttpPort = new("http-port", "Serve HTTP on this port: WebSocket at /ws, the browser client at /, /healthz, /readyz, /metrics (Prometheus); HTTPS with --tls-cert (0 = any free port)", null, p => p is { } v ? Port(v) : null);
    public static readonly ServerOption<string[]> AllowedOrigins = new("allowed-origin", "An origin whose pages may open /ws besides the server's own, e.g. https://chat.example.org (repeatable)", [],
        origins => origins.FirstOrDefault(o => OriginPolicy.Normalize(o) is null) is { } bad ? $"{bad}: give an origin such as https://chat.example.org" : null);

    public static readonly ServerOption<string> Accounts = new("accounts", "optional: guests log in as in version 1, accounts beside them; required: a login needs an account", "optional", allowed: ["optional", "required"]);
    public static readonly ServerOption<int> MaxFailedPerName = new("max-failed-logins-per-name", "Wrong passwords for one name before it is locked", Attempts.PerName, v => AtLeast(v, 1));
    public static readonly ServerOption<int> MaxFailedPerAddress = new("max-failed-logins-per-address", "Wrong passwords from one IP address before it is locked (many people may share one)", Attempts.PerAddress, v => AtLeast(v, 1));
    public static readonly ServerOption<double> LoginLockout = new("login-lockout", "Seconds of the first lock-out; each further failure doubles it", Attempts.Lockout.TotalSeconds, v => v <= 0 ? "must be more than 0" : null);
    public static readonly ServerOption<double> MaxLoginLockout = new("max-login-lockout", "Seconds of the longest lock-out (at least --login-lockout)", Attempts.MaxLockout.TotalSeconds, v => v <= 0 ? "must be more than 0" : null);
    public static readonly ServerOption<double> RefusalDelay = new("login-refusal-delay", "Seconds after its request every account refusal is answered (the same whether the name exists or not)", Limits.LoginRefusalDelay.TotalSeconds, NotNegative);
    public static readonly ServerOption<int> ArgonMemory = new("argon2-memory-kib", "Argon2id memory per password hash, KiB", Limits.PasswordHashCost.MemoryKiB, v => AtLeast(v, 8));
    public static readonly ServerOption<int> ArgonPasses = new("argon2-passes", "Argon2id passes per password hash", Limits.PasswordHashCost.Passes, v => AtLeast(v, 1));
    public static readonly ServerOption<int> CheckThreads = new("password-check-threads", "Threads that hash passwords", Limits.PasswordCheckThreads, v => AtLeast(v, 1));
    public static readonly ServerOption<int> ChecksWaiting = new("max-password-checks-waiting", "Password checks that may wait for a thread; more are answered unavailable", Limits.MaxPasswordChecksWaiting, v => AtLeast(v, 1));

    /// <summary>Every option, in the order <c>--help</c> lists them.</summary>
    public static readonly IReadOnlyList<ServerOption> All =
    [
        Config, Host, ListenPort, MaxClients, MaxPerAddress, ClientIdle, LoginTimeout, IdleShutdown, Rate, RateBurst, FloodStrikes,
        MaxFrame, MaxText, MaxPending, Motd, DataDir, Db, SqliteSync, AkkaConfig, ClusterPort, ClusterHost, Seeds,
        TlsPort, TlsCert, TlsKey, HttpPort, AllowedOrigins,
        Accounts, MaxFailedPerName, MaxFailedPerAddress, LoginLockout, MaxLoginLockout, RefusalDelay, ArgonMemory, ArgonPasses, CheckThreads, ChecksWaiting,
    ];

    public static bool IsHostAndPort(string text) =>
        text.LastIndexOf(':') is var colon and > 0 && int.TryParse(text[(colon + 1)..], out var p) && p is > 0 and <= 65535;
}
