using ActorChat.Messages;
using ActorChat.Messages.Rules;
using ActorChat.Server.Delivery;

namespace ActorChat.Server.Rooms;

// Requests to rooms. Every one names its room and goes through the one way of addressing rooms
// (the room registry on a single node, the sharding region in a cluster: RoomCommandRouting), so a
// room may live anywhere and be started, stopped or moved between any two of them. Nothing holds
// a room's actor reference. The requesting session is always the Sender; what a member receives
// from the room goes through its MemberPort, other answers back to the Sender (Delivery.Deliver).
// Room names here are canonical (NameRules.Canonicalize).

/// <summary>A request for the room named <see cref="RoomName"/>; the room's key is <see cref="NameRules.Key"/> of it.</summary>
public interface IRoomCommand
{
    string RoomName { get; }
}

/// <summary>Enter a room (started on the first request for it). <paramref name="Port"/>: where the member's frames go.</summary>
public sealed record JoinRoom(string RoomName, string UserName, RequestRef? Ref, MemberPort Port) : IRoomCommand
{
    /// <summary>
    /// The session took its account's name over from another connection: a member of that name
    /// that is another session leaves first, with <c>left</c> reason <c>replaced</c> (whichever of the
    /// old session's leave and this join comes first, the room shows left, then joined).
    /// </summary>
    public bool Replacing { get; init; }
}

/// <summary>
/// Post to a room the sender is in. It carries the poster's name and port: a room that moved
/// (a new incarnation, elsewhere) and does not know the poster yet takes it back as a member
/// (the session knows it is one: it only posts to rooms it has joined).
/// </summary>
public sealed record PostMessage(string RoomName, string Text, RequestRef? Ref, string UserName, MemberPort Port) : IRoomCommand;

/// <summary>
/// Leave a room; <paramref name="Reason"/> is what <c>left</c> carries. <paramref name="TellLeaver"/>:
/// the leaver gets its <c>left</c> too (a <c>leave</c> request); false when its session is ending
/// (it has said <c>bye</c>, which is the last frame a client receives).
/// </summary>
public sealed record LeaveRoom(string RoomName, string UserName, string Reason, RequestRef? Ref, bool TellLeaver = true) : IRoomCommand;

/// <summary>
/// Session → room, silently: I am still your member. Sent when the room's incarnation that
/// knew the session ended (passivated while a join was in flight, handed off, or lost with its
/// node; see <see cref="RoomMoved"/>). The member gets the stored messages after
/// <paramref name="AfterId"/> it missed, and nobody gets a <c>joined</c>.
/// </summary>
public sealed record RestoreMember(string RoomName, string UserName, MemberPort Port, long? AfterId) : IRoomCommand;

/// <summary>List a room's members (<c>who</c>).</summary>
public sealed record WhoQuery(string RoomName, RequestRef? Ref) : IRoomCommand;

/// <summary>A page of a room's messages (<c>history</c>).</summary>
public sealed record HistoryQuery(string RoomName, long? Before, int Limit, RequestRef? Ref) : IRoomCommand;

/// <summary>The rooms that have members (<c>rooms</c>), answered by the node's fan-out (<see cref="NodeFanout"/>).</summary>
public sealed record ListRooms(RequestRef? Ref);

/// <summary>
/// The message a room is stopped with, on passivation and on a shard's hand-off (never
/// <c>PoisonPill</c>, which would drop what waits in its mailbox: akka.net #7090): the room
/// goes on serving until every message it sent to the store is confirmed, then stops.
/// </summary>
public sealed class StopRoom
{
    public static readonly StopRoom Instance = new();
    private StopRoom() { }
}

/// <summary>How many room actors are alive; answered with an <see cref="int"/> (for leak checks and monitoring).</summary>
public sealed class GetRoomCount
{
    public static readonly GetRoomCount Instance = new();
    private GetRoomCount() { }
}
