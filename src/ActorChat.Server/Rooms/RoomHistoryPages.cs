using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Server.Storage;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Server.Rooms;

/// <summary>
/// Answers a room's <c>history</c> queries: a page within the messages the room keeps in memory
/// at once; an older one is read from the store and goes straight to the asker, so the room
/// serves on meanwhile. A failed read is logged with the store's own words (hosts, SQL); the
/// asker hears only that it failed.
/// </summary>
public sealed class RoomHistoryPages(ConversationKey conversation, RoomState<IActorRef> state, MessageStorage storage, ILoggingAdapter log)
{
    /// <summary>The page now, or null when it is on its way from the store to <paramref name="asker"/>.</summary>
    public HistoryEvent? Answer(HistoryQuery query, IActorRef asker)
    {
        if (state.TryHistory(query.Limit, query.Before, out var kept)) return new HistoryEvent(state.Name, kept) { Ref = query.Ref };

        var room = state.Name;
        storage.ReadBeforeAsync(conversation, query.Before ?? long.MaxValue, query.Limit)
            .PipeTo(asker, success: page => Deliver.Of(new HistoryEvent(room, page.Select(m => m.InRoom(room)).ToList()) { Ref = query.Ref }),
                failure: e =>
                {
                    log.Warning("room {0}: history could not be read from the store: {1}", room, e.Message);
                    return Deliver.Of(new ErrorEvent(ErrorCodes.Unavailable, "history could not be read; try again later") { Ref = query.Ref });
                });
        return null;
    }
}
