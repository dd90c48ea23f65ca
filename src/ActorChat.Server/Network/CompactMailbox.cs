using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorChat.Server.Network;

/// <summary>
/// An unbounded mailbox for the many mostly idle actors of a server (one session per
/// connection). Akka's default mailbox is a <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/>,
/// whose first segment alone takes about 1 KiB per actor, empty or not; this one is a
/// plain queue behind a lock, made on the first message and a few dozen bytes when idle.
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
    public static readonly Config Configuration = ConfigurationFactory.ParseString(
        $$"""
        {{Id}}.mailbox-type = "{{typeof(CompactMailbox).FullName}}, {{typeof(CompactMailbox).Assembly.GetName().Name}}"
        akka.actor.mailbox.requirements { "{{typeof(IUnboundedMessageQueueSemantics).FullName}}" = {{Id}} }
        """);

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();

    /// <summary><paramref name="props"/> with this mailbox when <paramref name="system"/> knows it (else as they are).</summary>
    public static Props Apply(Props props, ActorSystem system) =>
        system.Settings.Config.HasPath(Id) ? props.WithMailbox(Id) : props;
}

/// <summary>The queue of a <see cref="CompactMailbox"/>: many producers, one consumer, a lock.</summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    /// <summary>A queue grown past this by a burst is dropped once drained, so idle actors stay small.</summary>
    private const int KeptCapacity = 16;

    private readonly object _gate = new();
    private Queue<Envelope>? _queue;
    private int _count;
    private int _peak;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_gate)
        {
            (_queue ??= new Queue<Envelope>(4)).Enqueue(envelope);
            _peak = Math.Max(_peak, _queue.Count);
            Volatile.Write(ref _count, _queue.Count);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_gate)
        {
            if (_queue is null || !_queue.TryDequeue(out envelope))
            {
                envelope = default;
                return false;
            }
            Volatile.Write(ref _count, _queue.Count);
            if (_queue.Count == 0 && _peak > KeptCapacity)
            {
                _queue = null;
                _peak = 0;
            }
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
