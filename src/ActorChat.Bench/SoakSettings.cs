using System.Net;

namespace ActorChat.Bench;

/// <summary>
/// What a <c>soak</c> run does: for <see cref="Duration"/> keep about <see cref="Concurrent"/>
/// clients live, each logging in, chatting a little in one or two of <see cref="Rooms"/> rooms and
/// leaving (quit, or vanishing without a word), a new one taking its place.
/// </summary>
/// <param name="SaysPerSecond">Posts per second by all clients together; each client waits <see cref="SayGap"/> (± half) between its posts.</param>
/// <param name="Seed">For the clients' random choices; null: a new seed each run.</param>
public sealed record SoakSettings(IPEndPoint Server, TimeSpan Duration, int Concurrent, int Rooms, double SaysPerSecond,
    int SourceAddresses = 1, int? ServerPid = null, int? Seed = null)
{
    /// <summary>Without <c>--rate</c>: each client posts every 2 s on average.</summary>
    public static double DefaultSaysPerSecond(int concurrent) => concurrent / 2.0;

    /// <summary>How long the server may take to be back to its counts from before the soak, once every client is gone.</summary>
    public static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(30);

    /// <summary>How long a client waits for any one answer (welcome, joined, bye) before it counts an error and gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The warm-up: the memory verdict compares with the first sample from here on.</summary>
    public TimeSpan WarmUp => Duration / 5;

    /// <summary>Every 10 s, or a tenth of the run when it is shorter than 100 s, so that a short run still has samples.</summary>
    public TimeSpan SampleInterval => Duration / 10 < TimeSpan.FromSeconds(10) ? Duration / 10 : TimeSpan.FromSeconds(10);

    /// <summary>A client's mean time between its posts: <see cref="Concurrent"/> clients together make <see cref="SaysPerSecond"/>.</summary>
    public TimeSpan SayGap => TimeSpan.FromSeconds(Concurrent / SaysPerSecond);

    /// <summary>Null when the settings can run; else what is wrong with them.</summary>
    public string? Problem() =>
        Duration <= TimeSpan.Zero ? "the duration must be above 0"
        : Concurrent < 1 ? "--concurrent must be at least 1"
        : Rooms < 1 ? "--rooms must be at least 1"
        : SaysPerSecond <= 0 ? "--rate must be above 0"
        : SourceAddresses is < 1 or > ConnectPlan.MaxSourceAddresses ? $"--sources must be 1..{ConnectPlan.MaxSourceAddresses}"
        : null;

    /// <summary>Name of room <paramref name="index"/> (0-based) of the soak.</summary>
    public static string RoomName(int index) => "soak-" + index;
}
