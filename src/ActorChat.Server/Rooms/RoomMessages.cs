using ActorChat.Messages;
using ActorChat.Server.Delivery;
using Akka.Actor;

namespace ActorChat.Server.Rooms;

// Requests to the room registry and room actors. The requesting session is always
// the Sender; a member's frames go to its MemberPort, other answers back to the Sender (Delivery.Deliver).
// Room names here are canonical (NameRules.Canonicalize) and keys are NameRules.Key.

/// <summary>Enter a room (created on first join). Goes through the registry. <paramref name="Port"/>: where the member's frames go.</summary>
public sealed record JoinRoom(string RoomName, string UserName, RequestRef? Ref, MemberPort Port);

/// <summary>Room → session: you are now a member; further posts go straight to <paramref name="Room"/>.</summary>
public sealed record RoomJoined(string Key, string Name, IActorRef Room);

/// <summary>Post to a room the sender is in.</summary>
public sealed record PostMessage(string Text, RequestRef? Ref);

/// <summary>
/// Leave a room; <paramref name="Reason"/> is what <c>left</c> carries. <paramref name="TellLeaver"/>:
/// the leaver gets its <c>left</c> too (a <c>leave</c> request); false when its session is ending
/// (it has said <c>bye</c>, which is the last frame a client receives).
/// </summary>
public sealed record LeaveRoom(string Reason, RequestRef? Ref, bool TellLeaver = true);

/// <summary>Deliver <paramref name="Message"/> to the room named <paramref name="RoomName"/> through the registry.</summary>
/// <remarks>Used while a join is still in flight, so that "join then say" needs no round trip.</remarks>
public sealed record RouteToRoom(string RoomName, object Message);

/// <summary>List a room's members (<c>who</c>).</summary>
public sealed record WhoQuery(string RoomName, RequestRef? Ref);

/// <summary>A page of a room's messages (<c>history</c>).</summary>
public sealed record HistoryQuery(string RoomName, long? Before, int Limit, RequestRef? Ref);

/// <summary>The rooms that have members (<c>rooms</c>).</summary>
public sealed record ListRooms(RequestRef? Ref);

/// <summary>Room → registry: my member count changed.</summary>
public sealed record RoomMembersChanged(string Key, int Members);

/// <summary>
/// Room → registry: I have no members, having seen <paramref name="JoinsSeen"/> joins.
/// The registry stops the room only if it forwarded no join since.
/// </summary>
public sealed record RoomEmpty(string Key, long JoinsSeen);

/// <summary>Registry → room: you are empty and forgotten; stop once your pending writes are done.</summary>
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
