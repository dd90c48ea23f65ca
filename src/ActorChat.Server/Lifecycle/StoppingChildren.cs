using Akka.Actor;

namespace ActorChat.Server.Lifecycle;

/// <summary>
/// Persistent children that are stopping, and what arrived for them meanwhile. Two
/// incarnations of one persistent actor must never run at once (both would write the same
/// sequence numbers), so the parent holds messages for a stopping child's key and hands them
/// to the next incarnation once the old one has terminated.
/// </summary>
public sealed class StoppingChildren<TKey> where TKey : notnull
{
    private readonly Dictionary<IActorRef, (TKey Key, List<(object Message, IActorRef Sender)> Waiting)> _stopping = new();

    public int Count => _stopping.Count;

    public void Add(IActorRef child, TKey key) => _stopping[child] = (key, []);

    /// <summary>Holds the message when the child for <paramref name="key"/> is stopping; false when none is.</summary>
    public bool TryHold(TKey key, object message, IActorRef sender)
    {
        foreach (var (_, stopping) in _stopping)
        {
            if (!EqualityComparer<TKey>.Default.Equals(stopping.Key, key)) continue;
            stopping.Waiting.Add((message, sender));
            return true;
        }
        return false;
    }

    /// <summary>A stopping child has terminated: what waited for it, in arrival order. False for any other actor.</summary>
    public bool TryEnd(IActorRef child, out IReadOnlyList<(object Message, IActorRef Sender)> waiting)
    {
        if (_stopping.Remove(child, out var stopped))
        {
            waiting = stopped.Waiting;
            return true;
        }
        waiting = [];
        return false;
    }
}
