using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorChat.Server.Network;

/// <summary>
/// An unbounded mailbox for the many mostly idle actors of a server (two per connection: the
/// session and Akka.IO's connection actor). Akka's default mailbox is a <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/>,
/// whose first segment alone takes about 1 KiB per actor, empty or not; this one is a
/// small ring behind a lock, made on the first message and about 120 bytes when idle.
/// Producers (rooms, the user directory, Akka.IO) take the lock briefly; the actor is the
/// only consumer.
/// </summary>
public sealed class CompactMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    /// <summary>Where the mailbox is configured (see <see cref="Configuration"/>).</summary>
    public const string Id = "actorchat.compact-mailbox";

    /// <summary>
    /// The configuration that makes <see cref="Id"/> known to an actor system, and makes it the
    /// mailbox of every actor that asks Akka for an unbounded one by type
    /// (<c>IRequiresMessageQueue&lt;IUnboundedMessageQueueSemantics&gt;</c>): Akka.IO's connection
    /// actors, one per client, which Akka.IO's listener creates without a mailbox of ours
    /// (and the listener, the guardians, the DNS manager). Measured: about 1 KiB less per idle
    /// connection (docs/benchmarks.md, "Idle connections").
    /// </summary>
    /// <remarks>Written out, not built from the type's name: a test checks that it names this type and <see cref="Id"/>.</remarks>
    public static readonly Config Configuration = ConfigurationFactory.ParseString("""
        actorchat.compact-mailbox.mailbox-type = "ActorChat.Server.Network.CompactMailbox, actorchat-server"
        akka.actor.mailbox.requirements { "Akka.Dispatch.IUnboundedMessageQueueSemantics" = actorchat.compact-mailbox }
        """);

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();

    /// <summary><paramref name="props"/> with this mailbox when <paramref name="system"/> knows it (else as they are).</summary>
    public static Props Apply(Props props, ActorSystem system) =>
        system.Settings.Config.HasPath(Id) ? props.WithMailbox(Id) : props;
}

/// <summary>
/// The queue of a <see cref="CompactMailbox"/>: many producers, one consumer, a lock. The
/// messages sit in a ring of its own (a power of two long), made on the first message; a ring
/// that a burst grew is dropped once drained, so an idle actor keeps at most the first, small
/// one.
/// </summary>
/// <remarks>
/// The lock is taken on the queue itself: it is private to its mailbox, nothing else locks it,
/// and a lock object of its own would cost every idle actor another object.
/// </remarks>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    /// <summary>The first ring's length; one grown past it is dropped once drained.</summary>
    internal const int InitialCapacity = 4;

    private Envelope[]? _ring;
    private int _head;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The ring's length (0 when it has none), for tests.</summary>
    internal int Capacity
    {
        get { lock (this) return _ring?.Length ?? 0; }
    }

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (this)
        {
            var ring = _ring ??= new Envelope[InitialCapacity];
            if (_count == ring.Length) ring = Grow(ring);
            ring[(_head + _count) & (ring.Length - 1)] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (this)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            var ring = _ring!;
            envelope = ring[_head];
            ring[_head] = default;
            _head = (_head + 1) & (ring.Length - 1);
            Volatile.Write(ref _count, _count - 1);
            if (_count == 0)
            {
                _head = 0;
                if (ring.Length > InitialCapacity) _ring = null;
            }
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }

    /// <summary>A ring twice as long, the waiting messages moved to its start in order.</summary>
    private Envelope[] Grow(Envelope[] ring)
    {
        var grown = new Envelope[ring.Length * 2];
        for (var i = 0; i < _count; i++) grown[i] = ring[(_head + i) & (ring.Length - 1)];
        _head = 0;
        return _ring = grown;
    }
}
