using Akka.Actor;

namespace ActorChat.Server.Network;

/// <summary>
/// A session's timers, on its actor's <see cref="ITimerScheduler"/>: the idle timer (restarted by
/// every frame read: <c>bye idle</c> when it runs out), the login timer (<c>bye idle</c> for a
/// connection not logged in in time; stopped at login), and once the bye is written the close
/// grace (the connection is aborted when it ends; the idle timer stops). A limit of zero turns the
/// idle or the login timer off. Static: an idle session holds nothing more for its timers.
/// </summary>
public static class SessionTimers
{
    private const string IdleKey = "client-idle";
    private const string LoginKey = "login";
    private const string AbortKey = "abort";

    /// <summary>The client sent nothing for <see cref="ServerLimits.ClientIdle"/>.</summary>
    public sealed class IdleTimeout { public static readonly IdleTimeout Instance = new(); private IdleTimeout() { } }

    /// <summary>The client did not log in within <see cref="ServerLimits.LoginTimeout"/>.</summary>
    public sealed class LoginTimeout { public static readonly LoginTimeout Instance = new(); private LoginTimeout() { } }

    /// <summary>The bye was not written within <see cref="ServerLimits.CloseGrace"/>: drop the connection.</summary>
    public sealed class AbortNow { public static readonly AbortNow Instance = new(); private AbortNow() { } }

    /// <summary>The session started: the idle and the login timers run.</summary>
    public static void Started(ITimerScheduler timers, ServerLimits limits)
    {
        RestartIdle(timers, limits);
        if (limits.LoginTimeout > TimeSpan.Zero) timers.StartSingleTimer(LoginKey, LoginTimeout.Instance, limits.LoginTimeout);
    }

    /// <summary>The client sent a frame: the idle time counts from now.</summary>
    public static void RestartIdle(ITimerScheduler timers, ServerLimits limits)
    {
        if (limits.ClientIdle > TimeSpan.Zero) timers.StartSingleTimer(IdleKey, IdleTimeout.Instance, limits.ClientIdle);
    }

    /// <summary>The client logged in: the login timer stops (one already sent is ignored).</summary>
    public static void LoggedIn(ITimerScheduler timers) => timers.Cancel(LoginKey);

    /// <summary>The bye is on its way: no more idle timer, and the close grace starts.</summary>
    public static void Closing(ITimerScheduler timers, ServerLimits limits)
    {
        timers.Cancel(IdleKey);
        timers.StartSingleTimer(AbortKey, AbortNow.Instance, limits.CloseGrace);
    }
}
