using Akka.Actor;

namespace ActorChat.Server.Lifecycle;

/// <summary>
/// How ActorChat's actors treat a fault in a handler: the failing message is dropped (and
/// logged) and the actor goes on with its state, so a room keeps its members and its
/// history and a session keeps its connection. Restarting would forget exactly what the
/// users see (members, logins). Only failures that leave no usable actor stop it.
/// </summary>
public static class Supervision
{
    public static SupervisorStrategy ResumeOnFault() => new OneForOneStrategy(Decider.From(exception => exception switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Resume,
    }));
}

/// <summary>The same for the top-level actors (listener, user directory, room registry), set through HOCON.</summary>
public sealed class ResumingGuardianStrategy : SupervisorStrategyConfigurator
{
    public override SupervisorStrategy Create() => Supervision.ResumeOnFault();
}
