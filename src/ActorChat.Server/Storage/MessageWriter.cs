using Akka.Actor;
using Akka.Event;

namespace ActorChat.Server.Storage;

/// <summary>
/// The one writer of the message store, on a thread of its own (a transaction blocks it, not the
/// actors that serve clients). Messages that arrive while a transaction runs wait in the mailbox
/// and are committed together next (<see cref="GroupCommit{TReplyTo}"/>): one commit for every
/// room's and pair's messages of that moment. Replies keep each sender's order.
/// </summary>
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
    private ILoggingAdapter? _log;

    public MessageWriter(IMessageStore store)
    {
        _store = store;
        Receive<StoreMessage>(OnStore);
        Receive<Commit>(_ => CommitBatch());
    }

    public static Props Props(IMessageStore store) =>
        Akka.Actor.Props.Create(() => new MessageWriter(store)).WithDispatcher(StorageSettings.StorageDispatcher);

    private void OnStore(StoreMessage store)
    {
        // The commit is a message to self: everything already in the mailbox joins this batch.
        if (_batch.IsEmpty) Self.Tell(Commit.Instance);
        _batch.Add(store.Message, Sender);
        if (_batch.IsFull) CommitBatch();
    }

    private void CommitBatch()
    {
        foreach (var outcome in _batch.Commit(_store.Append))
        {
            if (outcome.Stored)
            {
                outcome.ReplyTo.Tell(new MessagesStored(outcome.Conversation, outcome.UpToId));
                continue;
            }
            (_log ??= Context.GetLogger()).Error("{0} message(s) of {1} could not be stored: {2}", outcome.FailedIds!.Count, outcome.Conversation, outcome.Failure);
            outcome.ReplyTo.Tell(new MessagesNotStored(outcome.Conversation, outcome.FailedIds!, outcome.Failure!));
        }
    }
}
