using System.Diagnostics;
using ActorChat.Server.Metrics;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Server.Storage;

/// <summary>
/// The one writer of the message store, on a thread of its own (a transaction blocks it, not the
/// actors that serve clients). Messages that arrive while a transaction runs wait in the mailbox
/// and are committed together next (<see cref="GroupCommit{TReplyTo}"/>): one commit for every
/// room's and pair's messages of that moment. Replies keep each sender's order.
/// </summary>
/// <remarks>
/// States (Become): Storing → Refused (a commit failed: the store is down or refuses writes) →
/// Storing (a commit succeeded again). The log says so once at each change, not once per
/// refused batch: an outage under traffic would otherwise write a line for every post.
/// </remarks>
public sealed class MessageWriter : ReceiveActor
{
    /// <summary>Most messages in one transaction (a larger backlog is committed in several).</summary>
    public const int MaxBatch = 2000;

    private sealed class Commit
    {
        public static readonly Commit Instance = new();
    }

    private readonly IMessageStore _store;
    private readonly GroupCommit<IActorRef> _batch = new(MaxBatch);
    private readonly ChatMetrics _metrics = ChatMetrics.Of(Context.System);
    private ILoggingAdapter? _log;

    public MessageWriter(IMessageStore store)
    {
        _store = store;
        Become(Storing);
    }

    public static Props Props(IMessageStore store) =>
        Akka.Actor.Props.Create(() => new MessageWriter(store)).WithDispatcher(StorageSettings.StorageDispatcher);

    private ILoggingAdapter Log => _log ??= Context.GetLogger();

    private void Storing()
    {
        Receive<StoreMessage>(store => { if (Add(store)) CommitWhileStoring(); });
        Receive<Commit>(_ => CommitWhileStoring());
    }

    /// <param name="refused">Messages refused since the store stopped working.</param>
    private void Refused(long refused)
    {
        Receive<StoreMessage>(store => { if (Add(store)) CommitWhileRefused(refused); });
        Receive<Commit>(_ => CommitWhileRefused(refused));
    }

    private void CommitWhileStoring()
    {
        if (_batch.IsEmpty || CommitBatch() is not { } refusal) return;
        Log.Error("the store refuses writes ({0}); posts are answered unavailable until it works again", refusal.Reason);
        Become(() => Refused(refusal.Count));
    }

    private void CommitWhileRefused(long refused)
    {
        if (_batch.IsEmpty) return;
        if (CommitBatch() is { } refusal)
        {
            Become(() => Refused(refused + refusal.Count));
            return;
        }
        Log.Info("the store works again ({0} message(s) were refused meanwhile)", refused);
        Become(Storing);
    }

    /// <summary>
    /// Adds a message to the batch; true when the batch is full and must be committed now. The
    /// commit is otherwise a message to self: everything already in the mailbox joins this batch.
    /// </summary>
    private bool Add(StoreMessage store)
    {
        if (_batch.IsEmpty) Self.Tell(Commit.Instance);
        _batch.Add(store.Message, Sender);
        return _batch.IsFull;
    }

    /// <summary>Commits the batch and answers its senders; null when it was stored, else how many messages were refused and why.</summary>
    private (int Count, string Reason)? CommitBatch()
    {
        (int Count, string Reason)? refusal = null;
        var count = _batch.Count;
        var started = Stopwatch.GetTimestamp();
        var outcomes = _batch.Commit(_store.Append);
        var storedAt = Stopwatch.GetTimestamp();
        _metrics.Committed(started, outcomes.Count > 0 && outcomes[0].Stored ? count : 0);
        foreach (var outcome in outcomes)
        {
            if (outcome.Stored)
            {
                outcome.ReplyTo.Tell(new MessagesStored(outcome.Conversation, outcome.UpToId, storedAt));
                continue;
            }
            refusal = ((refusal?.Count ?? 0) + outcome.FailedIds!.Count, outcome.Failure!);
            outcome.ReplyTo.Tell(new MessagesNotStored(outcome.Conversation, outcome.FailedIds!, outcome.Failure!));
        }
        return refusal;
    }
}
