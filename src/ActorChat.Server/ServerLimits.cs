using System.Globalization;
using System.Net;
using System.Reflection;
using ActorChat.Messages;

namespace ActorChat.Server;

/// <summary>
/// Every tunable number of the server, in one place, with its default.
/// The command line (Program) maps options onto this record; tests build it directly
/// with small values. A zero <see cref="TimeSpan"/> turns that timer off.
/// </summary>
public sealed record ServerLimits
{
    public string Host { get; init; } = ProtocolInfo.DefaultHost;

    /// <summary>0 asks the OS for a free port (tests use this).</summary>
    public int Port { get; init; } = ProtocolInfo.DefaultPort;

    /// <summary>Longest frame accepted, LF excluded (<c>frame_too_large</c> past it).</summary>
    public int MaxFrameBytes { get; init; } = ProtocolInfo.DefaultMaxFrameBytes;

    /// <summary>Longest <c>text</c> in characters (<c>invalid_text</c> past it).</summary>
    public int MaxTextLength { get; init; } = ProtocolInfo.DefaultMaxTextLength;

    /// <summary>Connected sessions at most; one more gets <c>bye server_full</c>.</summary>
    public int MaxClients { get; init; } = 1000;

    /// <summary>Connections from one IP address at most; one more gets <c>bye server_full</c>. Loopback is no exception.</summary>
    public int MaxPerAddress { get; init; } = 20;

    /// <summary>A connection that has not logged in within this time gets <c>bye idle</c> (slowloris guard).</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests per second a connection may send on average (token bucket); 0 lifts the limit.</summary>
    public double RatePerSecond { get; init; } = 20;

    /// <summary>Requests a connection may send in a burst above the rate.</summary>
    public int RateBurst { get; init; } = 40;

    /// <summary>
    /// Strikes (rate-limited requests and undecodable frames) a connection may collect in a burst
    /// before it gets <c>bye flood</c>; strikes are forgiven at <see cref="FloodForgivePerSecond"/>.
    /// </summary>
    public int FloodStrikes { get; init; } = 50;

    /// <summary>How fast strikes are forgiven, per second.</summary>
    public double FloodForgivePerSecond { get; init; } = 2;

    /// <summary>No frame from a client for this long: <c>bye idle</c>.</summary>
    public TimeSpan ClientIdle { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>No client connected for this long: the server exits with code 0.</summary>
    public TimeSpan IdleShutdown { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Bytes that may wait to be written to one client (queued plus in flight) before it is
    /// dropped with <c>bye slow_consumer</c>. Bounds server memory per reader.
    /// </summary>
    public long MaxPendingWriteBytes { get; init; } = 1024 * 1024;

    /// <summary>How long a closing connection may take to flush its last frames before it is aborted.</summary>
    public TimeSpan CloseGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a post re-sent with the same <c>id</c> and text is the same message ("Re-sending is safe").</summary>
    public TimeSpan ResendWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Posts with an id a conversation remembers for <see cref="ResendWindow"/> at most (the oldest go first).</summary>
    public int ResendCapacity { get; init; } = 10_000;

    /// <summary>Messages a room keeps in memory for <c>history</c>.</summary>
    public int RoomHistorySize { get; init; } = 100;

    /// <summary>Messages sent in the <c>history</c> frame that follows a join.</summary>
    public int JoinHistoryCount { get; init; } = ProtocolInfo.DefaultHistoryLimit;

    /// <summary>Largest <c>limit</c> a <c>history</c> request gets; larger ones are clamped.</summary>
    public int MaxHistoryLimit { get; init; } = ProtocolInfo.MaxHistoryLimit;

    /// <summary>How long the server waits for clients to get their <c>bye shutdown</c>.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);

    // ---- accounts (PROTOCOL.md, "Accounts"; docs/protocol.md, "How ActorChat keeps and checks passwords") ----

    /// <summary><c>--accounts required</c>: a guest <c>login</c> is refused with <c>account_required</c>.</summary>
    public bool AccountsRequired { get; init; }

    /// <summary>Failed password checks a name and an address may have, and how long they lock it.</summary>
    public Accounts.AttemptLimits LoginAttempts { get; init; } = Accounts.AttemptLimits.Default;

    /// <summary>Every account refusal is answered this long after its request arrived (the same time whether the name exists or not); 0: at once.</summary>
    public TimeSpan LoginRefusalDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Argon2id's memory and passes for new password hashes.</summary>
    public Accounts.Argon2Cost PasswordHashCost { get; init; } = Accounts.Argon2Cost.Default;

    /// <summary>Threads that hash passwords (never an actor's).</summary>
    public int PasswordCheckThreads { get; init; } = Accounts.PasswordCheckQueue.DefaultThreads;

    /// <summary>Password checks that may wait for a thread; one more is answered <c>unavailable</c>.</summary>
    public int MaxPasswordChecksWaiting { get; init; } = 64;

    /// <summary>Shown in <c>welcome</c> as <c>motd</c> when set.</summary>
    public string? Motd { get; init; }

    /// <summary>The clock that stamps messages; tests may fix it.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The <c>server</c> field of <c>welcome</c>: "ActorChat " and the product version, the
    /// <c>Version</c> property of Directory.Build.props (the assembly's informational version,
    /// which <c>--version</c> prints too).
    /// </summary>
    public static string ServerVersion => "ActorChat " + ProductVersion;

    /// <summary>The product version, as <c>--version</c> prints it.</summary>
    public static string ProductVersion { get; } =
        typeof(ServerLimits).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? throw new InvalidOperationException("the server assembly has no informational version");

    /// <summary>
    /// Open files kept for the server's own use besides one socket per client: the store and
    /// logs, the runtime's pipes and epoll, connections being turned away with <c>bye server_full</c>.
    /// </summary>
    public const int ReservedFileDescriptors = 256;

    /// <summary>The most clients an open-file limit leaves room for (one socket each, plus the reserve).</summary>
    public static int ClientsWithin(long openFileLimit) =>
        (int)Math.Clamp(openFileLimit - ReservedFileDescriptors, 1, int.MaxValue);


    public IPEndPoint ListenEndPoint =>
        new(IPAddress.TryParse(Host, out var ip) ? ip : Dns.GetHostAddresses(Host)[0], Port);
}
