using Akka.Actor;

namespace ActorChat.Tests.Support;

/// <summary>Stands for an actor's context where a plain class watches: writes down what it was asked to watch and unwatch, in order.</summary>
public sealed class RecordingWatcher : ICanWatch
{
    public List<string> Calls { get; } = [];
    public IActorRef Watch(IActorRef subject) { Calls.Add("watch " + subject.Path.Name); return subject; }
    public IActorRef WatchWith(IActorRef subject, object message) => Watch(subject);
    public IActorRef Unwatch(IActorRef subject) { Calls.Add("unwatch " + subject.Path.Name); return subject; }
}
