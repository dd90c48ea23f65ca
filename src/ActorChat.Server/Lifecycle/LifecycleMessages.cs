namespace ActorChat.Server.Lifecycle;

/// <summary>Listener → monitor: how many client sessions are open now.</summary>
public sealed record ConnectionCountChanged(int Sessions);

/// <summary>Monitor → its target: no client for the whole idle-shutdown time.</summary>
public sealed record IdleShutdownElapsed(TimeSpan IdleFor);

/// <summary>Ask the listener to stop taking clients and say <c>bye shutdown</c> to all.</summary>
public sealed class StopServer
{
    public static readonly StopServer Instance = new();
    private StopServer() { }
}

/// <summary>Listener → asker of <see cref="StopServer"/>: every session has ended (or the grace ran out).</summary>
public sealed record ServerStopped(int SessionsLeft);

/// <summary>The reason given to Akka's CoordinatedShutdown when the server stops for idleness.</summary>
public sealed class IdleShutdownReason : Akka.Actor.CoordinatedShutdown.Reason
{
    public static readonly IdleShutdownReason Instance = new();
    private IdleShutdownReason() { }

    /// <summary>An idle shutdown is a normal end: exit code 0.</summary>
    public override int ExitCode => 0;
}

/// <summary>
/// Makes the receiving session or room throw, as a bug in a handler would: tests and
/// operators use it to see that supervision keeps the server, the room's members and its
/// history, and every other session going.
/// </summary>
public sealed record SimulatedFault(string Reason);

/// <summary>The exception a <see cref="SimulatedFault"/> raises.</summary>
public sealed class SimulatedFaultException(string reason) : Exception("simulated fault: " + reason);
