using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Metrics;
using ActorChat.Server.Storage;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Server.Users;

/// <summary>
/// The stored conversation of one pair of users: gives each direct message the pair's next
/// id and delivers it to both once the store has confirmed it.
/// </summary>
/// <remarks>
/// States (Become): Loading (the pair's last id is read from the store; posts wait in the
/// stash) → Active → Stopping (asked to stop: once every message is confirmed). When the pair
/// has been quiet for a while it tells the directory, which stops it; the next message starts
/// a new incarnation, which goes on from the store's last id.
/// </remarks>
public sealed class DirectConversation : ReceiveActor, IWithStash
{
    /// <summary>One direct message to store and deliver.</summary>
    public sealed record Post(string From, string To, string Text, RequestRef? Ref, IActorRef Recipient);

    /// <summary>Conversation → directory: nothing happened for the idle time.</summary>
    public sealed record Idle(ConversationKey Pair);

    /// <summary>Directory → conversation: stop once your pending writes are done.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();
        private Stop() { }
    }

    private sealed record Loaded(ConversationTail Tail);

    private sealed record LoadFailed(Exception Cause);

    private readonly ConversationKey _pair;
    private readonly MessageStorage _storage;
    private readonly AwaitingStore<(ChatMessage Message, IActorRef Sender, Post Post)> _unconfirmed = new();
    private readonly ServerLimits _limits;
    private readonly ResendWindow<IActorRef> _resends;
    private readonly ChatMetrics _metrics = ChatMetrics.Of(Context.System);
    private long _lastId;
    private long _lastStoredId;

    public DirectConversation(ConversationKey pair, ServerLimits limits, TimeSpan idleAfter, MessageStorage storage)
    {
        _pair = pair;
        _limits = limits;
        _resends = new ResendWindow<IActorRef>(limits.ResendWindow, limits.ResendCapacity);
        _storage = storage;
        if (idleAfter > TimeSpan.Zero) Context.SetReceiveTimeout(idleAfter);
        Become(Loading);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(ConversationKey pair, ServerLimits limits, TimeSpan idleAfter, MessageStorage storage) =>
        Akka.Actor.Props.Create(() => new DirectConversation(pair, limits, idleAfter, storage));

    protected override void PreStart() =>
        _storage.LoadTailAsync(_pair, 0, _limits).PipeTo(Self, success: tail => new Loaded(tail), failure: e => new LoadFailed(e));

    private void Loading()
    {
        Receive<Loaded>(OnLoaded);
        Receive<LoadFailed>(OnLoadFailed);
        ReceiveAny(_ => Stash.Stash());
    }

    private void Active()
    {
        Receive<Post>(OnPost);
        Receive<MessagesStored>(OnStored);
        Receive<MessagesNotStored>(OnNotStored);
        Receive<ReceiveTimeout>(_ => Context.Parent.Tell(new Idle(_pair)));
        Receive<Stop>(_ =>
        {
            Become(Stopping);
            StopWhenConfirmed();
        });
    }

    private void Stopping()
    {
        Receive<Post>(OnPost); // sent before the directory decided to stop us
        Receive<MessagesStored>(stored => { OnStored(stored); StopWhenConfirmed(); });
        Receive<MessagesNotStored>(failed => { OnNotStored(failed); StopWhenConfirmed(); });
        ReceiveAny(_ => { });
    }

    private void OnLoaded(Loaded loaded)
    {
        _lastId = _lastStoredId = loaded.Tail.LastId;
        foreach (var earlier in loaded.Tail.Resendable) _resends.Add(earlier.AsDirect(), earlier.ClientRef);
        Become(Active);
        Stash.UnstashAll();
    }

    /// <summary>Without its last id the pair cannot number messages: it stops (what waited is dropped); the next message starts it afresh.</summary>
    private void OnLoadFailed(LoadFailed failed)
    {
        Context.GetLogger().Error(failed.Cause, "{0} could not read its last id from the store; it stops", _pair);
        Context.Stop(Self);
    }

    private void OnPost(Post post)
    {
        var now = _limits.Clock.WireUtcNow();
        if (_resends.IsResend(post.From, post.Ref, post.Text, now, _lastStoredId, Sender, out var answer))
        {
            // Re-sent with the same id and text: the sender gets its copy of the first, the recipient nothing again.
            if (answer is not null) Sender.Tell(Deliver.Of(answer with { Ref = post.Ref }));
            return;
        }
        var message = ChatMessage.Direct(++_lastId, post.To, post.From, post.Text, now);
        _unconfirmed.Add(message.Id, (message, Sender, post));
        _resends.Add(message, post.Ref);
        _storage.Writer.Tell(new StoreMessage(StoredMessage.Of(_pair, message, post.Ref)));
    }

    private void OnStored(MessagesStored stored)
    {
        var deliveries = 0;
        foreach (var (message, sender, post) in _unconfirmed.TakeStored(stored.UpToId))
        {
            if (!post.Recipient.Equals(sender))
            {
                post.Recipient.Tell(Deliver.Of(message));
                deliveries++;
            }
            sender.Tell(Deliver.Of(message with { Ref = post.Ref }));
            deliveries++;
        }
        _metrics.Delivered(deliveries, stored.StoredAt);
        _lastStoredId = Math.Max(_lastStoredId, stored.UpToId);
        foreach (var (message, sender, reference) in _resends.TakeStored(stored.UpToId))
            sender.Tell(Deliver.Of(message with { Ref = reference }));
    }

    private void OnNotStored(MessagesNotStored failed)
    {
        foreach (var (message, sender, post) in _unconfirmed.TakeFailed(failed.Ids))
        {
            _resends.Remove(message, post.Ref);
            sender.Tell(Deliver.Of(MessagesNotStored.ErrorFor(post.Ref)));
        }
        foreach (var (_, sender, reference) in _resends.TakeFailed(failed.Ids))
            sender.Tell(Deliver.Of(MessagesNotStored.ErrorFor(reference)));
    }

    private void StopWhenConfirmed()
    {
        if (_unconfirmed.IsEmpty) Context.Stop(Self);
    }
}
