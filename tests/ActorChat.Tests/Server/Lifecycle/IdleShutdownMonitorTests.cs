using ActorChat.Server.Lifecycle;
using Akka.Actor;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Lifecycle;

/// <summary>Driven by the TestKit's virtual scheduler: no real waiting.</summary>
public sealed class IdleShutdownMonitorTests() : Akka.TestKit.Xunit2.TestKit(
    "akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
{
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(120);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private IActorRef StartMonitor(TestProbe target, TimeSpan? idleAfter = null)
    {
        var monitor = Sys.ActorOf(IdleShutdownMonitor.Props(idleAfter ?? IdleAfter, target));
        // Round trip so the monitor's PreStart timer is scheduled before time is advanced.
        monitor.Tell(new ConnectionCountChanged(0));
        monitor.Tell(new Identify(null), TestActor);
        ExpectMsg<ActorIdentity>();
        return monitor;
    }

    private void Advance(TimeSpan by) => Scheduler.Advance(by);

    [Fact]
    public void With_no_client_ever_the_server_shuts_down_after_the_idle_time()
    {
        var target = CreateTestProbe();
        StartMonitor(target);
        Advance(IdleAfter - TimeSpan.FromSeconds(1));
        target.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Advance(TimeSpan.FromSeconds(1));
        target.ExpectMsg(new IdleShutdownElapsed(IdleAfter));
    }

    [Fact]
    public void A_connection_cancels_the_countdown_and_the_last_close_restarts_it()
    {
        var target = CreateTestProbe();
        var monitor = StartMonitor(target);
        Advance(TimeSpan.FromSeconds(100));
        monitor.Tell(new ConnectionCountChanged(1));
        monitor.Tell(new Identify(null), TestActor);
        ExpectMsg<ActorIdentity>();
        Advance(TimeSpan.FromSeconds(300));
        target.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        monitor.Tell(new ConnectionCountChanged(0));
        monitor.Tell(new Identify(null), TestActor);
        ExpectMsg<ActorIdentity>();
        Advance(TimeSpan.FromSeconds(119));
        target.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Advance(TimeSpan.FromSeconds(1));
        target.ExpectMsg<IdleShutdownElapsed>();
    }

    [Fact]
    public void Zero_turns_idle_shutdown_off()
    {
        var target = CreateTestProbe();
        StartMonitor(target, TimeSpan.Zero);
        Advance(TimeSpan.FromDays(1));
        target.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
