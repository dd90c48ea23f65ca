using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
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

    private sealed record Loaded(long LastId);

    private sealed record LoadFailed(Exception Cause);

    private readonly ConversationKey _pair;
    private readonly TimeProvider _clock;
    private readonly MessageStorage _storage;
    private readonly AwaitingStore<(ChatMessage Message, IActorRef Sender, Post Post)> _unconfirmed = new();
    private long _lastId;

    public DirectConversation(ConversationKey pair, TimeProvider clock, TimeSpan idleAfter, MessageStorage storage)
    {
        _pair = pair;
        _clock = clock;
        _storage = storage;
        if (idleAfter > TimeSpan.Zero) Context.SetReceiveTimeout(idleAfter);
        Become(Loading);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(ConversationKey pair, TimeProvider clock, TimeSpan idleAfter, MessageStorage storage) =>
        Akka.Actor.Props.Create(() => new DirectConversation(pair, clock, idleAfter, storage));

    protected override void PreStart() =>
        _storage.LoadTailAsync(_pair, 0).PipeTo(Self, success: tail => new Loaded(tail.LastId), failure: e => new LoadFailed(e));

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
        _lastId = loaded.LastId;
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
        var message = ChatMessage.Direct(++_lastId, post.To, post.From, post.Text, _clock.WireUtcNow());
        _unconfirmed.Add(message.Id, (message, Sender, post));
        _storage.Writer.Tell(new StoreMessage(StoredMessage.Of(_pair, message)));
    }

    private void OnStored(MessagesStored stored)
    {
        foreach (var (message, sender, post) in _unconfirmed.TakeStored(stored.UpToId))
        {
            if (!post.Recipient.Equals(sender)) post.Recipient.Tell(Deliver.Of(message));
            sender.Tell(Deliver.Of(message with { Ref = post.Ref }));
        }
    }

    private void OnNotStored(MessagesNotStored failed)
    {
        foreach (var (_, sender, post) in _unconfirmed.TakeFailed(failed.Ids))
            sender.Tell(Deliver.Of(MessagesNotStored.ErrorFor(post.Ref)));
    }

    private void StopWhenConfirmed()
    {
        if (_unconfirmed.IsEmpty) Context.Stop(Self);
    }
}
