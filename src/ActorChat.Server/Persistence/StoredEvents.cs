using ActorChat.Messages.Events;

namespace ActorChat.Server.Persistence;

/// <summary>What ActorChat writes to its journal and snapshot store (one serializer, <see cref="StoredEventSerializer"/>).</summary>
public interface IStoredEvent;

/// <summary>
/// A message posted to a room. Its <see cref="Id"/> is also its sequence number in the room's
/// journal (one event per message, from 1), so a page of history is a range of sequence numbers.
/// </summary>
public sealed record RoomMessageStored(long Id, string From, string Text, DateTime Time) : IStoredEvent
{
    public ChatMessage ToMessage(string room) => ChatMessage.InRoom(Id, room, From, Text, Time);

    public static RoomMessageStored Of(ChatMessage m) => new(m.Id, m.From, m.Text, m.Time);
}

/// <summary>A direct message between two users; ids count per pair, as sequence numbers of the pair's journal.</summary>
public sealed record DirectMessageStored(long Id, string From, string To, string Text, DateTime Time) : IStoredEvent
{
    public ChatMessage ToMessage() => ChatMessage.Direct(Id, To, From, Text, Time);
}

/// <summary>A room's state at a point: its last id and its most recent messages, so recovery replays little.</summary>
public sealed record RoomSnapshot(long LastId, IReadOnlyList<RoomMessageStored> Recent) : IStoredEvent;
