using ActorChat.Messages;
using ActorChat.Messages.Events;

namespace ActorChat.Server.Storage;

// Messages between conversations (rooms, direct conversations) and the MessageWriter.

/// <summary>Conversation → writer: store this message; the sender hears <see cref="MessagesStored"/> or <see cref="MessagesNotStored"/>.</summary>
public sealed record StoreMessage(StoredMessage Message);

/// <summary>Writer → conversation: every message it sent up to <paramref name="UpToId"/> is durably stored (in id order).</summary>
/// <param name="StoredAt">When the commit ended (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>; 0: not known): the start of the delivery latency.</param>
public sealed record MessagesStored(ConversationKey Conversation, long UpToId, long StoredAt = 0);

/// <summary>Writer → conversation: these messages could not be stored (the transaction failed); nobody may see them.</summary>
public sealed record MessagesNotStored(ConversationKey Conversation, IReadOnlyList<long> Ids, string Reason)
{
    /// <summary>What the poster of a message that could not be stored is told (a room's or a pair's alike).</summary>
    public static ErrorEvent ErrorFor(RequestRef? reference) =>
        new(ErrorCodes.Unavailable, "the message could not be stored; it was not sent") { Ref = reference };
}
