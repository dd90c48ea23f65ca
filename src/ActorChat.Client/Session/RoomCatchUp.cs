using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Client.Session;

/// <summary>
/// Fetches what one room said while the client was away: everything after the last id it saw.
/// </summary>
/// <remarks>
/// The first page is the <c>history</c> the server sends on (re)join, its last
/// <see cref="JoinPageSize"/> messages. A full page whose oldest message is still newer than
/// the last one seen may hide more, so it asks for the page before it, and so on, newest
/// pages first; only when the gap is closed does it hand over the messages, oldest first,
/// so they are shown in order and no gap is ever visible.
/// </remarks>
public sealed class RoomCatchUp
{
    /// <summary>The size of the history a join brings.</summary>
    public const int JoinPageSize = 50;

    /// <summary>The largest page the server gives.</summary>
    public const int PageSize = 200;

    private readonly SortedDictionary<long, ChatMessage> _missed = [];
    private int _expectedPageSize = JoinPageSize;

    public RoomCatchUp(string room, long lastSeenId)
    {
        Room = room;
        LastSeenId = lastSeenId;
    }

    public string Room { get; }

    public long LastSeenId { get; }

    public bool IsDone { get; private set; }

    /// <summary>The id of the request whose answer is awaited (the rejoin, then each page); null for the lobby's automatic history.</summary>
    public RequestRef? AwaitingRef { get; set; }

    /// <summary>A live message that arrived meanwhile: newer than any page, it waits to be shown in order.</summary>
    public void Hold(ChatMessage message)
    {
        if (message.Id > LastSeenId) _missed[message.Id] = message with { Ref = null };
    }

    /// <summary>
    /// Takes one page. Returns the next request to send (its <c>Id</c> left to the caller),
    /// or null when the gap is closed and <see cref="Missed"/> is complete.
    /// </summary>
    public HistoryRequest? Take(IReadOnlyList<ChatMessage> page)
    {
        foreach (var message in page)
        {
            if (message.Id > LastSeenId) _missed[message.Id] = message;
        }
        var oldest = page.Count == 0 ? long.MaxValue : page.Min(m => m.Id);
        var mayHideMore = page.Count >= _expectedPageSize && oldest > LastSeenId + 1;
        if (!mayHideMore)
        {
            IsDone = true;
            return null;
        }
        _expectedPageSize = PageSize;
        return new HistoryRequest(Room, Before: oldest, Limit: PageSize);
    }

    /// <summary>The room failed to rejoin: give up on it with what arrived.</summary>
    public void Abandon() => IsDone = true;

    /// <summary>The messages missed, oldest first.</summary>
    public IReadOnlyList<ChatMessage> Missed => [.. _missed.Values];
}
