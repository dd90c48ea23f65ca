using ActorChat.Server.Storage;
using ActorChat.Server.Transport.Kestrel;
using Akka.Actor;
using Akka.Cluster;

namespace ActorChat.Server.Hosting;

/// <summary>
/// What <c>/readyz</c> answers: ready when the listener takes clients (bound, not shutting down),
/// the node is an Up member of its cluster (when it runs in one), and the store answers
/// (<see cref="StoreProbe"/>); otherwise the first reason it is not, in a few words.
/// </summary>
public sealed class ReadinessCheck(FrontDoor door, StoreProbe store)
{
    private volatile ActorSystem? _system;
    private volatile bool _clustered;

    /// <summary>The server's actor system, once it exists: its shutdown (from the first phase on) and, with <paramref name="clustered"/>, its membership count.</summary>
    public void Watch(ActorSystem system, bool clustered)
    {
        _clustered = clustered;
        _system = system;
    }

    /// <summary>Null when ready; else why not.</summary>
    public async Task<string?> NotReadyBecauseAsync()
    {
        var system = _system;
        if (door.IsClosing || (system is not null && CoordinatedShutdown.Get(system).ShutdownReason is not null)) return "stopping";
        if (system is null || !door.IsReady) return "starting";
        if (_clustered && Cluster.Get(system).SelfMember.Status is var status && status != MemberStatus.Up)
            return $"cluster member {status.ToString().ToLowerInvariant()}, not up";
        if (!await store.IsReachableAsync()) return "store unreachable";
        return null;
    }
}
