using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ActorChat.Messages;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Storage;
using ActorChat.Server.Transport;

// actorchat-server [--host H] [--port P] [--data-dir D] [--db CONN] [--max-clients N] [--max-per-address N]
//                  [--cluster-port N --cluster-host H --seed HOST:PORT...]
//                  [--client-idle S] [--login-timeout S] [--idle-shutdown S] [--rate R] [--rate-burst N] ...
// actorchat-server export --room ROOM [--since TIME] [--data-dir D] [--db CONN]
// Exit codes: 0 after a normal stop (idle shutdown, Ctrl-C, SIGTERM), 1 when the port cannot
// be bound or the store cannot be opened, 2 on bad options.

var defaults = new ServerLimits();
var storageDefaults = new StorageSettings();
var host = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => defaults.Host };
var port = new Option<int>("--port") { Description = "TCP port to listen on (0 = any free port)", DefaultValueFactory = _ => defaults.Port };
var maxClients = new Option<int>("--max-clients") { Description = "Most clients connected at once; one more gets bye server_full", DefaultValueFactory = _ => defaults.MaxClients };
var clientIdle = new Option<double>("--client-idle") { Description = "Seconds without a frame before a client gets bye idle (0 = off)", DefaultValueFactory = _ => defaults.ClientIdle.TotalSeconds };
var idleShutdown = new Option<double>("--idle-shutdown") { Description = "Seconds with no client connected before the server exits (0 = off)", DefaultValueFactory = _ => defaults.IdleShutdown.TotalSeconds };
var maxPerAddress = new Option<int>("--max-per-address") { Description = "Most connections from one IP address (loopback included)", DefaultValueFactory = _ => defaults.MaxPerAddress };
var loginTimeout = new Option<double>("--login-timeout") { Description = "Seconds a connection may take to log in before bye idle (0 = off)", DefaultValueFactory = _ => defaults.LoginTimeout.TotalSeconds };
var rate = new Option<double>("--rate") { Description = "Requests per second per connection, on average (0 = no limit)", DefaultValueFactory = _ => defaults.RatePerSecond };
var rateBurst = new Option<int>("--rate-burst") { Description = "Requests a connection may send at once above the rate", DefaultValueFactory = _ => defaults.RateBurst };
var floodStrikes = new Option<int>("--flood-strikes") { Description = "Rate-limited or unreadable frames in a burst before bye flood", DefaultValueFactory = _ => defaults.FloodStrikes };
var maxFrame = new Option<int>("--max-frame") { Description = "Largest frame in bytes; longer lines get frame_too_large", DefaultValueFactory = _ => defaults.MaxFrameBytes };
var maxText = new Option<int>("--max-text") { Description = "Longest message text in characters", DefaultValueFactory = _ => defaults.MaxTextLength };
var maxPending = new Option<long>("--max-pending-bytes") { Description = "Bytes that may wait for a client that does not read before bye slow_consumer", DefaultValueFactory = _ => defaults.MaxPendingWriteBytes };
var motd = new Option<string?>("--motd") { Description = "Message of the day, sent in welcome" };
var dataDir = new Option<string>("--data-dir") { Description = "Folder for the SQLite history file and the logs", DefaultValueFactory = _ => storageDefaults.DataDirectory, Recursive = true };
var db = new Option<string?>("--db") { Description = "PostgreSQL connection string (Host=...;Database=...;Username=...;Password=...); default: SQLite in --data-dir", Recursive = true };
var sqliteSync = new Option<string>("--sqlite-sync")
{
    Description = "normal: a stored message survives the server being killed (fsync at checkpoints); full: also a power cut (fsync every commit, slower)",
    DefaultValueFactory = _ => "normal",
    Recursive = true,
};
sqliteSync.AcceptOnlyFromAmong("normal", "full");
var akkaConfig = new Option<FileInfo?>("--akka-config") { Description = "A HOCON file laid over the server's Akka settings (dispatchers, Akka.IO, Akka.Cluster)" };
var clusterDefaults = new ClusterSettings();
var clusterPort = new Option<int>("--cluster-port") { Description = "Make this server a cluster node, reached by the other nodes on this port (0 = run alone); needs --db", DefaultValueFactory = _ => 0 };
var clusterHost = new Option<string>("--cluster-host") { Description = "The address the other nodes reach this one at", DefaultValueFactory = _ => clusterDefaults.PublicHost };
var tlsPort = new Option<int?>("--tls-port") { Description = "Also serve the protocol inside TLS on this port (needs --tls-cert and --tls-key; 0 = any free port)" };
var tlsCert = new Option<FileInfo?>("--tls-cert") { Description = "The server's certificate chain, PEM (for --tls-port, and HTTPS on --http-port)" };
var tlsKey = new Option<FileInfo?>("--tls-key") { Description = "The certificate's private key, PEM" };
var httpPort = new Option<int?>("--http-port") { Description = "Serve HTTP on this port: WebSocket at /ws, the browser client at /, /healthz; HTTPS with --tls-cert (0 = any free port)" };
var allowedOrigins = new Option<string[]>("--allowed-origin") { Description = "An origin whose pages may open /ws besides the server's own, e.g. https://chat.example.org (repeatable)", AllowMultipleArgumentsPerToken = false };
var seeds = new Option<string[]>("--seed") { Description = "A node to join the cluster through, HOST:PORT (repeatable; a node may name itself; none: start a new cluster)", AllowMultipleArgumentsPerToken = false };
var accountsMode = new Option<string>("--accounts") { Description = "optional: guests log in as in version 1, accounts beside them; required: a login needs an account", DefaultValueFactory = _ => "optional" };
accountsMode.AcceptOnlyFromAmong("optional", "required");
var attempts = defaults.LoginAttempts;
var maxFailedPerName = new Option<int>("--max-failed-logins-per-name") { Description = "Wrong passwords for one name before it is locked", DefaultValueFactory = _ => attempts.PerName };
var maxFailedPerAddress = new Option<int>("--max-failed-logins-per-address") { Description = "Wrong passwords from one IP address before it is locked (many people may share one)", DefaultValueFactory = _ => attempts.PerAddress };
var loginLockout = new Option<double>("--login-lockout") { Description = "Seconds of the first lock-out; each further failure doubles it", DefaultValueFactory = _ => attempts.Lockout.TotalSeconds };
var maxLoginLockout = new Option<double>("--max-login-lockout") { Description = "Seconds of the longest lock-out", DefaultValueFactory = _ => attempts.MaxLockout.TotalSeconds };
var refusalDelay = new Option<double>("--login-refusal-delay") { Description = "Seconds after its request every account refusal is answered (the same whether the name exists or not)", DefaultValueFactory = _ => defaults.LoginRefusalDelay.TotalSeconds };
var argonMemory = new Option<int>("--argon2-memory-kib") { Description = "Argon2id memory per password hash, KiB", DefaultValueFactory = _ => defaults.PasswordHashCost.MemoryKiB };
var argonPasses = new Option<int>("--argon2-passes") { Description = "Argon2id passes per password hash", DefaultValueFactory = _ => defaults.PasswordHashCost.Passes };
var checkThreads = new Option<int>("--password-check-threads") { Description = "Threads that hash passwords", DefaultValueFactory = _ => defaults.PasswordCheckThreads };
var checksWaiting = new Option<int>("--max-password-checks-waiting") { Description = "Password checks that may wait for a thread; more are answered unavailable", DefaultValueFactory = _ => defaults.MaxPasswordChecksWaiting };

var root = new RootCommand("ActorChat server: a chat room over TCP (protocol: docs/protocol.md)")
{
    host, port, maxClients, maxPerAddress, clientIdle, loginTimeout, idleShutdown, rate, rateBurst, floodStrikes,
    maxFrame, maxText, maxPending, motd, dataDir, db, sqliteSync, akkaConfig, clusterPort, clusterHost, seeds,
    tlsPort, tlsCert, tlsKey, httpPort, allowedOrigins,
    accountsMode, maxFailedPerName, maxFailedPerAddress, loginLockout, maxLoginLockout, refusalDelay, argonMemory, argonPasses, checkThreads, checksWaiting,
};

StorageSettings Storage(ParseResult parsed) =>
    new()
    {
        DataDirectory = parsed.GetValue(dataDir)!,
        PostgresConnectionString = parsed.GetValue(db),
        SqliteSync = parsed.GetValue(sqliteSync) == "full" ? SqliteSync.Full : SqliteSync.Normal,
    };

root.SetAction(async (parsed, cancellation) =>
{
    var limits = defaults with
    {
        Host = parsed.GetValue(host)!,
        Port = parsed.GetValue(port),
        MaxClients = parsed.GetValue(maxClients),
        MaxPerAddress = parsed.GetValue(maxPerAddress),
        LoginTimeout = TimeSpan.FromSeconds(parsed.GetValue(loginTimeout)),
        RatePerSecond = parsed.GetValue(rate),
        RateBurst = parsed.GetValue(rateBurst),
        FloodStrikes = parsed.GetValue(floodStrikes),
        ClientIdle = TimeSpan.FromSeconds(parsed.GetValue(clientIdle)),
        // A cluster node serves other nodes' users too: it does not stop for want of its own, unless told to.
        IdleShutdown = parsed.GetValue(clusterPort) > 0 && parsed.GetResult(idleShutdown) is not { Implicit: false }
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds(parsed.GetValue(idleShutdown)),
        MaxFrameBytes = parsed.GetValue(maxFrame),
        MaxTextLength = parsed.GetValue(maxText),
        MaxPendingWriteBytes = parsed.GetValue(maxPending),
        Motd = parsed.GetValue(motd),
        AccountsRequired = parsed.GetValue(accountsMode) == "required",
        LoginAttempts = new ActorChat.Server.Accounts.AttemptLimits(parsed.GetValue(maxFailedPerName), parsed.GetValue(maxFailedPerAddress),
            TimeSpan.FromSeconds(parsed.GetValue(loginLockout)), TimeSpan.FromSeconds(parsed.GetValue(maxLoginLockout)), attempts.Memory),
        LoginRefusalDelay = TimeSpan.FromSeconds(parsed.GetValue(refusalDelay)),
        PasswordHashCost = new ActorChat.Server.Accounts.Argon2Cost(parsed.GetValue(argonMemory), parsed.GetValue(argonPasses)),
        PasswordCheckThreads = parsed.GetValue(checkThreads),
        MaxPasswordChecksWaiting = parsed.GetValue(checksWaiting),
    };
    if (limits.LoginAttempts is { PerName: < 1 } or { PerAddress: < 1 } || limits.LoginAttempts.Lockout <= TimeSpan.Zero
        || limits.LoginAttempts.MaxLockout < limits.LoginAttempts.Lockout || limits.LoginRefusalDelay < TimeSpan.Zero
        || limits.PasswordHashCost is { MemoryKiB: < 8 } or { Passes: < 1 } || limits.PasswordCheckThreads < 1 || limits.MaxPasswordChecksWaiting < 1)
    {
        Console.Error.WriteLine("Invalid account option value (the counts and the Argon2id cost at least 1, memory at least 8 KiB, --max-login-lockout at least --login-lockout); see --help.");
        return 2;
    }
    if (limits.Port is < 0 or > 65535 || limits.MaxClients < 1 || limits.MaxPerAddress < 1 || limits.LoginTimeout < TimeSpan.Zero
        || limits.RatePerSecond < 0 || limits.RateBurst < 1 || limits.FloodStrikes < 1 || limits.MaxFrameBytes < 64 || limits.MaxTextLength < 1
        || limits.MaxPendingWriteBytes < limits.MaxFrameBytes || limits.ClientIdle < TimeSpan.Zero || limits.IdleShutdown < TimeSpan.Zero)
    {
        Console.Error.WriteLine("Invalid option value; see --help.");
        return 2;
    }

    // Past the open-file limit Akka.IO cannot accept (the client waits in the backlog) and the
    // store cannot open its files: keep --max-clients below it, so the extra get bye server_full.
    if (ActorChat.Shared.OpenFileLimit.OfThisProcess() is { } fileLimit && limits.MaxClients > ServerLimits.ClientsWithin(fileLimit))
    {
        var allowed = ServerLimits.ClientsWithin(fileLimit);
        Console.Error.WriteLine($"--max-clients {limits.MaxClients} is more than the open-file limit ({fileLimit}, less {ServerLimits.ReservedFileDescriptors} "
                                + $"for the server's own files) allows: serving at most {allowed} clients. Raise the limit for more (ulimit -n as root, LimitNOFILE= under systemd).");
        limits = limits with { MaxClients = allowed };
    }

    var transports = new TransportSettings
    {
        TlsPort = parsed.GetValue(tlsPort),
        HttpPort = parsed.GetValue(httpPort),
        CertificateFile = parsed.GetValue(tlsCert)?.FullName,
        KeyFile = parsed.GetValue(tlsKey)?.FullName,
        AllowedOrigins = parsed.GetValue(allowedOrigins) ?? [],
    };
    if (transports.Problem() is { } transportProblem)
    {
        Console.Error.WriteLine(transportProblem);
        return 2;
    }

    var storage = Storage(parsed);
    ClusterSettings? cluster = null;
    if (parsed.GetValue(clusterPort) is var nodePort and not 0)
    {
        if (nodePort is < 1 or > 65535 || parsed.GetValue(seeds)?.Any(seed => !IsHostAndPort(seed)) == true)
        {
            Console.Error.WriteLine("Invalid --cluster-port or --seed (HOST:PORT); see --help.");
            return 2;
        }
        if (!storage.UsesPostgres)
        {
            Console.Error.WriteLine(ChatServer.ClusterNeedsSharedStore);
            return 2;
        }
        cluster = clusterDefaults with { Port = nodePort, PublicHost = parsed.GetValue(clusterHost)!, Seeds = parsed.GetValue(seeds) ?? [] };
    }
    ChatServer server;
    try
    {
        var config = ServerLog.Configure(storage.DataDirectory);
        if (parsed.GetValue(akkaConfig) is { } file)
            config = Akka.Configuration.ConfigurationFactory.ParseString(File.ReadAllText(file.FullName)).WithFallback(config);
        server = await ChatServer.StartAsync(limits, storage, config, cluster, transports);
    }
    catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or IOException
                                 or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException
                                 or Akka.Configuration.ConfigurationException or Akka.Remote.RemoteTransportException)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }

    // Ctrl-C and SIGTERM: say bye to every client, then exit 0.
    void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _ = server.StopAsync();
    }
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

    var node = server.ClusterAddress is { } address ? $", cluster node {address.Host}:{address.Port}" : "";
    var more = (server.TlsEndPoint is { } tls ? $", TLS on {tls}" : "") + (server.HttpEndPoint is { } http ? $", {(transports.HasCertificate ? "https" : "http")}://{http}/" : "");
    Console.WriteLine($"ActorChat server listening on {server.EndPoint}{more} (protocol {ProtocolInfo.Version}{node}); Ctrl-C stops it.");
    await server.WhenTerminated;
    await ServerLog.FlushAsync();
    return 0;
});

var room = new Option<string?>("--room") { Description = "The room to export" };
var dm = new Option<string?>("--dm") { Description = "Export the direct messages between two users: NAME,NAME" };
var since = new Option<DateTime?>("--since")
{
    Description = "Only messages from this time on (ISO 8601, UTC unless an offset is given)",
    CustomParser = r => DateTime.Parse(r.Tokens.Single().Value, CultureInfo.InvariantCulture,
        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
};
var export = new Command("export", "Print a room's stored messages, one line each: time, sender, text") { room, dm, since };
export.SetAction((parsed, cancellation) =>
    TranscriptExport.RunAsync(Storage(parsed), parsed.GetValue(room), parsed.GetValue(dm), parsed.GetValue(since), Console.Out));
root.Subcommands.Add(export);

return await root.Parse(args).InvokeAsync();

static bool IsHostAndPort(string text) =>
    text.LastIndexOf(':') is var colon and > 0 && int.TryParse(text[(colon + 1)..], out var p) && p is > 0 and <= 65535;
