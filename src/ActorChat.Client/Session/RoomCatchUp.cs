using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Client.Session;

/// <summary>
/// Fetches what one room said while the client was away: everything after the last id it saw.
/// </summary>
/// <remarks>
/// The first page is the <c>history</c> the server sends on (re)join, its last
/// <see cref="JoinPageSize"/> messages; then pages of <see cref="ConversationCatchUp.PageSize"/>
/// before it until the gap is closed (<see cref="ConversationCatchUp"/>).
/// </remarks>
public sealed class RoomCatchUp : ConversationCatchUp
{
    /// <summary>The size of the history a join brings.</summary>
    public const int JoinPageSize = 50;

    public RoomCatchUp(string room, long lastSeenId)
        : base(ConversationState.RoomKey(room), lastSeenId, JoinPageSize) => Room = room;

    public string Room { get; }

    /// <summary>Takes one page: the request for the page before it, or null when the gap is closed.</summary>
    public HistoryRequest? Take(IReadOnlyList<ChatMessage> page) => (HistoryRequest?)TakePage(page);

    protected override ClientRequest PageBefore(long before) => new HistoryRequest(Room, Before: before, Limit: PageSize);
}
