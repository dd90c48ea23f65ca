using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Storage;
using Akka.Actor;

namespace ActorChat.Server.Rooms;

/// <summary>
/// A room's messages between posting and the store's answer: each post is numbered by the room's
/// state and sent to the store's writer; it goes out to the members only once the store has
/// confirmed it, in id order, and its poster alone hears if it could not be stored. A post
/// re-sent with the ref of one the room already has (<see cref="ResendWindow{TWaiter}"/>) is not
/// stored again: the poster gets its copy of the first, now or once that one is stored.
/// </summary>
/// <remarks>Called from the room actor, which is the sender of everything sent from here.</remarks>
public sealed class RoomPosts(ConversationKey conversation, RoomState<IActorRef> state, RoomOutbox outbox, ResendWindow<IActorRef> resends, IActorRef writer)
{
    private readonly AwaitingStore<(ChatMessage Message, IActorRef Poster, RequestRef? Ref)> _unconfirmed = new();

    /// <summary>Whether the store has answered for every message sent to it: then nothing is lost by stopping.</summary>
    public bool AllAnswered => _unconfirmed.IsEmpty;

    /// <summary><paramref name="poster"/> (a member) says <paramref name="text"/>: numbered and sent to the store, or answered as a re-send.</summary>
    public void Post(IActorRef poster, string text, RequestRef? reference, DateTime now)
    {
        if (resends.IsResend(state.NameOf(poster)!, reference, text, now, state.LastRecordedId, poster, out var answer))
        {
            if (answer is not null) outbox.Send(poster, WireFrames.Of(answer, reference).Own!);
            return;
        }
        var message = state.Post(poster, text, now)!;
        _unconfirmed.Add(message.Id, (message, poster, reference));
        resends.Add(message, reference);
        writer.Tell(new StoreMessage(StoredMessage.Of(conversation, message, reference)));
    }

    /// <summary>The store confirmed a batch: recorded and broadcast, one delivery per member (per node for other nodes).</summary>
    public void Stored(MessagesStored stored)
    {
        foreach (var (message, poster, reference) in _unconfirmed.TakeStored(stored.UpToId))
        {
            state.Record(message);
            outbox.QueueStored(message, poster, reference);
        }
        outbox.FlushStored(state.Contains, state.LastRecordedId, stored.StoredAt);
        foreach (var (message, poster, reference) in resends.TakeStored(stored.UpToId))
            outbox.Send(poster, WireFrames.Of(message, reference).Own!);
    }

    /// <summary>The store failed: the posters hear so; nobody else ever sees those messages.</summary>
    public void NotStored(MessagesNotStored failed)
    {
        foreach (var (message, poster, reference) in _unconfirmed.TakeFailed(failed.Ids))
        {
            resends.Remove(message, reference);
            outbox.Send(poster, MessagesNotStored.ErrorFor(reference));
        }
        foreach (var (_, poster, reference) in resends.TakeFailed(failed.Ids))
            outbox.Send(poster, MessagesNotStored.ErrorFor(reference));
    }
}
