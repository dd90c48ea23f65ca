using ActorChat.Server;
using ActorChat.Server.Network;
using Akka.Actor;

namespace ActorChat.Tests.Server.Network;

/// <summary>A session's timers on a scheduler that writes down what it is asked, without an actor.</summary>
public sealed class SessionTimersTests
{
    private sealed class RecordingScheduler : ITimerScheduler
    {
        public List<string> Calls { get; } = [];
        public void StartSingleTimer(object key, object msg, TimeSpan timeout) => Calls.Add($"start {key} {msg.GetType().Name} {timeout.TotalSeconds}s");
        public void StartSingleTimer(object key, object msg, TimeSpan timeout, IActorRef sender) => StartSingleTimer(key, msg, timeout);
        public void Cancel(object key) => Calls.Add($"cancel {key}");
        public void StartPeriodicTimer(object key, object msg, TimeSpan interval) => throw new NotSupportedException();
        public void StartPeriodicTimer(object key, object msg, TimeSpan interval, IActorRef sender) => throw new NotSupportedException();
        public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval) => throw new NotSupportedException();
        public void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval, IActorRef sender) => throw new NotSupportedException();
        public bool IsTimerActive(object key) => throw new NotSupportedException();
        public void CancelAll() => throw new NotSupportedException();
        public IReadOnlyCollection<object> ActiveTimers => throw new NotSupportedException();
    }

    private static readonly ServerLimits Limits = new() { ClientIdle = TimeSpan.FromSeconds(60), LoginTimeout = TimeSpan.FromSeconds(10), CloseGrace = TimeSpan.FromSeconds(5) };

    [Fact]
    public void A_session_s_life_starts_the_idle_and_login_timers_stops_the_login_timer_at_login_and_the_idle_timer_at_the_end()
    {
        var timers = new RecordingScheduler();
        SessionTimers.Started(timers, Limits);
        SessionTimers.RestartIdle(timers, Limits);
        SessionTimers.LoggedIn(timers);
        SessionTimers.Closing(timers, Limits);

        Assert.Equal([
            "start client-idle IdleTimeout 60s", "start login LoginTimeout 10s",
            "start client-idle IdleTimeout 60s",
            "cancel login",
            "cancel client-idle", "start abort AbortNow 5s"], timers.Calls);
    }

    [Fact]
    public void A_limit_of_zero_turns_its_timer_off_but_not_the_close_grace()
    {
        var timers = new RecordingScheduler();
        var off = Limits with { ClientIdle = TimeSpan.Zero, LoginTimeout = TimeSpan.Zero };
        SessionTimers.Started(timers, off);
        SessionTimers.RestartIdle(timers, off);
        SessionTimers.Closing(timers, off);

        Assert.Equal(["cancel client-idle", "start abort AbortNow 5s"], timers.Calls);
    }
}
