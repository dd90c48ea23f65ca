using ActorChat.Messages.Events;

namespace ActorChat.Server.Storage;

/// <summary>Which stored conversation a message belongs to: a room, or the pair of a direct conversation.</summary>
public enum ConversationKind
{
    Room,
    Direct,
}

/// <summary>
/// The key of one stored conversation: a room by its name key, or a direct conversation by
/// the name keys of its two users in ordinal order (the same key for (a, b) and (b, a)).
/// Message ids count per conversation, from 1.
/// </summary>
public sealed record ConversationKey
{
    private ConversationKey(ConversationKind kind, string first, string? second)
    {
        Kind = kind;
        First = first;
        Second = second;
    }

    public ConversationKind Kind { get; }

    /// <summary>The room's key, or the lower of the pair's two user keys.</summary>
    public string First { get; }

    /// <summary>The higher of the pair's user keys; null for a room.</summary>
    public string? Second { get; }

    public static ConversationKey Room(string roomKey) => new(ConversationKind.Room, roomKey, null);

    public static ConversationKey Pair(string userKeyA, string userKeyB) =>
        string.CompareOrdinal(userKeyA, userKeyB) <= 0
            ? new(ConversationKind.Direct, userKeyA, userKeyB)
            : new(ConversationKind.Direct, userKeyB, userKeyA);

    public override string ToString() => Kind == ConversationKind.Room ? $"room {First}" : $"direct {First},{Second}";
}

/// <summary>
/// One message as the store keeps it. <see cref="To"/> is the recipient's name for a direct
/// message and null in a room. Times are UTC to the millisecond, as on the wire.
/// </summary>
public sealed record StoredMessage(ConversationKey Conversation, long Id, string From, string? To, string Text, DateTime Time)
{
    /// <summary>The <c>id</c> its post carried, as a JSON token (<see cref="ActorChat.Messages.RequestRef.ToToken"/>); null when none.</summary>
    public string? ClientRef { get; init; }

    public static StoredMessage Of(ConversationKey conversation, ChatMessage message, ActorChat.Messages.RequestRef? reference = null) =>
        new(conversation, message.Id, message.From, message.To, message.Text, message.Time) { ClientRef = reference?.ToToken() };

    /// <summary>As a room's <c>message</c> event (<paramref name="roomName"/> as shown to clients).</summary>
    public ChatMessage InRoom(string roomName) => ChatMessage.InRoom(Id, roomName, From, Text, Time);

    /// <summary>As a direct <c>message</c> event.</summary>
    public ChatMessage AsDirect() => ChatMessage.Direct(Id, To!, From, Text, Time);
}

/// <summary>
/// What a conversation starts from: its last id, its most recent messages (oldest first), and
/// the posts that carried an id since the time asked for, oldest first (<see cref="ResendWindow"/>).
/// </summary>
public sealed record ConversationTail(long LastId, IReadOnlyList<StoredMessage> Recent)
{
    public static readonly ConversationTail Empty = new(0, []);

    public IReadOnlyList<StoredMessage> Resendable { get; init; } = [];
}
