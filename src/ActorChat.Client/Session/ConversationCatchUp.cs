using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Client.Session;

/// <summary>
/// Fetches what one conversation (a room, <see cref="RoomCatchUp"/>, or a direct conversation,
/// <see cref="DirectCatchUp"/>) said while the client was away: everything after the last id it saw.
/// </summary>
/// <remarks>
/// A full page whose oldest message is still newer than the last one seen may hide more, so it
/// asks for the page before it, and so on, newest pages first; only when the gap is closed does it
/// hand over the messages, oldest first, so they are shown in order and no gap is ever visible.
/// Live messages that arrive meanwhile are held and handed over with them, once each.
/// </remarks>
public abstract class ConversationCatchUp
{
    /// <summary>The largest page the server gives.</summary>
    public const int PageSize = 200;

    private readonly SortedDictionary<long, ChatMessage> _missed = [];
    private int _expectedPageSize;

    protected ConversationCatchUp(string conversationKey, long lastSeenId, int firstPageSize)
    {
        ConversationKey = conversationKey;
        LastSeenId = lastSeenId;
        _expectedPageSize = firstPageSize;
    }

    /// <summary>The key of <see cref="ConversationState"/>: <c>#room</c> or <c>@peer</c>.</summary>
    public string ConversationKey { get; }

    public long LastSeenId { get; }

    public bool IsDone { get; private set; }

    /// <summary>The id of the request whose answer is awaited (a rejoin, a page); null for the lobby's automatic history.</summary>
    public RequestRef? AwaitingRef { get; set; }

    /// <summary>Pages taken so far.</summary>
    protected int Pages { get; private set; }

    /// <summary>A live message that arrived meanwhile: newer than any page, it waits to be shown in order.</summary>
    public void Hold(ChatMessage message)
    {
        if (message.Id > LastSeenId) _missed[message.Id] = message with { Ref = null };
    }

    /// <summary>
    /// Takes one page. Returns the next request to send (its <c>Id</c> left to the caller),
    /// or null when the gap is closed (or the catch-up went as far back as it may) and
    /// <see cref="Missed"/> is complete.
    /// </summary>
    public ClientRequest? TakePage(IReadOnlyList<ChatMessage> page)
    {
        Pages++;
        var floor = FloorOf(page);
        foreach (var message in page)
        {
            if (message.Id > floor) _missed[message.Id] = message;
        }
        var oldest = page.Count == 0 ? long.MaxValue : page.Min(m => m.Id);
        var mayHideMore = page.Count >= _expectedPageSize && oldest > LastSeenId + 1 && MayPageBack();
        if (!mayHideMore)
        {
            IsDone = true;
            return null;
        }
        _expectedPageSize = PageSize;
        return PageBefore(oldest);
    }

    /// <summary>The rejoin or a page failed: give up on it with what arrived.</summary>
    public void Abandon() => IsDone = true;

    /// <summary>The messages missed, oldest first.</summary>
    public IReadOnlyList<ChatMessage> Missed => [.. _missed.Values];

    /// <summary>The request for the page before <paramref name="before"/>.</summary>
    protected abstract ClientRequest PageBefore(long before);

    /// <summary>Whether another page may be asked for (a bound on how far back to go); always, unless overridden.</summary>
    protected virtual bool MayPageBack() => true;

    /// <summary>Messages of a page up to this id were seen before; the last seen id, unless overridden.</summary>
    protected virtual long FloorOf(IReadOnlyList<ChatMessage> page) => LastSeenId;
}
