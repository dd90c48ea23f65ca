using Akka.Actor;
using Akka.Event;

namespace ActorChat.Server.Lifecycle;

/// <summary>
/// The seed server's 2-minute idle shutdown: when no client has been connected for
/// <c>idleAfter</c>, tell <c>target</c> (which stops the server). A connection cancels
/// the countdown; the last one closing starts it again. Counting starts at startup.
/// </summary>
/// <remarks>Uses Akka timers, so tests drive it with the TestKit's scheduler.</remarks>
public sealed class IdleShutdownMonitor : ReceiveActor, IWithTimers
{
    private const string CountdownKey = "idle-shutdown";

    private sealed class CountdownElapsed
    {
        public static readonly CountdownElapsed Instance = new();
    }

    private readonly TimeSpan _idleAfter;
    private readonly IActorRef _target;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public IdleShutdownMonitor(TimeSpan idleAfter, IActorRef target)
    {
        _idleAfter = idleAfter;
        _target = target;
        Receive<ConnectionCountChanged>(OnCountChanged);
        Receive<CountdownElapsed>(_ => OnElapsed());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan idleAfter, IActorRef target) =>
        Akka.Actor.Props.Create(() => new IdleShutdownMonitor(idleAfter, target));

    protected override void PreStart() => StartCountdown();

    private void OnCountChanged(ConnectionCountChanged changed)
    {
        if (changed.Sessions == 0) StartCountdown();
        else Timers.Cancel(CountdownKey);
    }

    private void StartCountdown()
    {
        if (_idleAfter <= TimeSpan.Zero || Timers.IsTimerActive(CountdownKey)) return;
        Timers.StartSingleTimer(CountdownKey, CountdownElapsed.Instance, _idleAfter);
    }

    private void OnElapsed()
    {
        _log.Info("No client connected for {0}; shutting down.", _idleAfter);
        _target.Tell(new IdleShutdownElapsed(_idleAfter));
    }
}
