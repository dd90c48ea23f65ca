using ActorChat.Messages.Events;
using ActorChat.Server.Network;
using ActorChat.Server.Persistence;
using Akka.Actor;
using Akka.Persistence;

namespace ActorChat.Server.Users;

/// <summary>
/// The stored conversation of one pair of users: gives each direct message the pair's next
/// id (its sequence number) and delivers it to both once it is durably written.
/// </summary>
/// <remarks>
/// When the pair has been quiet for a while it tells the directory, which stops it once its
/// writes are done; the next message starts a new incarnation, recovered from the store.
/// </remarks>
public sealed class DirectConversation : ReceivePersistentActor
{
    /// <summary>One direct message to store and deliver.</summary>
    public sealed record Post(string From, string To, string Text, Messages.RequestRef? Ref, IActorRef Recipient);

    /// <summary>Conversation → directory: nothing happened for the idle time.</summary>
    public sealed record Idle(string PairKey);

    /// <summary>Directory → conversation: stop once your pending writes are done.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();
        private Stop() { }
    }

    private readonly string _pairKey;
    private readonly TimeProvider _clock;
    private long _lastId;

    public DirectConversation(string pairKey, TimeProvider clock, TimeSpan idleAfter)
    {
        _pairKey = pairKey;
        _clock = clock;
        Recover<DirectMessageStored>(stored => _lastId = stored.Id);
        Command<Post>(OnPost);
        Command<ReceiveTimeout>(_ => Context.Parent.Tell(new Idle(_pairKey)));
        Command<Stop>(stop => DeferAsync(stop, _ => Context.Stop(Self)));
        if (idleAfter > TimeSpan.Zero) Context.SetReceiveTimeout(idleAfter);
    }

    public override string PersistenceId => PersistenceIdOf(_pairKey);

    public static string PersistenceIdOf(string pairKey) => "dm-" + pairKey;

    /// <summary>The same key for (a, b) and (b, a): the two name keys in ordinal order.</summary>
    public static string PairKey(string keyA, string keyB) =>
        string.CompareOrdinal(keyA, keyB) <= 0 ? $"{keyA}~{keyB}" : $"{keyB}~{keyA}";

    public static Props Props(string pairKey, TimeProvider clock, TimeSpan idleAfter) =>
        Akka.Actor.Props.Create(() => new DirectConversation(pairKey, clock, idleAfter));

    private void OnPost(Post post)
    {
        var sender = Sender;
        var stored = new DirectMessageStored(++_lastId, post.From, post.To, post.Text, _clock.WireUtcNow());
        PersistAsync(stored, _ =>
        {
            var message = stored.ToMessage();
            if (!post.Recipient.Equals(sender)) post.Recipient.Tell(Deliver.Of(message));
            sender.Tell(Deliver.Of(message with { Ref = post.Ref }));
        });
    }
}
