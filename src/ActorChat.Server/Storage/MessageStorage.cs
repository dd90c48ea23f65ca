using Akka.Actor;

namespace ActorChat.Server.Storage;

/// <summary>
/// What a conversation (a room, a direct pair) needs of the store: the writer that stores its
/// messages, and the store itself for reads (the tail it starts from, older history pages).
/// Reads run off the actor, on the thread pool, and come back as messages.
/// </summary>
public sealed record MessageStorage(IActorRef Writer, IMessageStore Store)
{
    /// <summary>The tail to start from, with the posts that carried an id within <paramref name="limits"/>' re-send window.</summary>
    public Task<ConversationTail> LoadTailAsync(ConversationKey conversation, int recent, ServerLimits limits) =>
        Task.Run(() => Store.LoadTail(conversation, recent, limits.Clock.GetUtcNow().UtcDateTime - limits.ResendWindow, limits.ResendCapacity));

    public Task<IReadOnlyList<StoredMessage>> ReadBeforeAsync(ConversationKey conversation, long beforeId, int limit) =>
        Task.Run(() => Store.ReadBefore(conversation, beforeId, limit));
}
