using Akka.Actor;

namespace ActorChat.Server.Delivery;

// What a room sends to the fan-out of a node that has members of it (NodeFanout), and what the
// fan-out tells the node's sessions. Between one room incarnation and one fan-out these arrive
// in the order sent, so the fan-out's view of who is in the room on its node follows the room's.
// Frames are plain bytes: these cross the network between nodes.

/// <summary>Room → fan-out: a session of yours is now my member (also on the room's own node).</summary>
public sealed record MemberAdded(string RoomKey, string RoomName, MemberPort Port);

/// <summary>Room → fan-out: that session is no longer my member.</summary>
public sealed record MemberRemoved(string RoomKey, IActorRef Session);

/// <summary>Room on another node → fan-out: frames for one of your sessions.</summary>
public sealed record FramesToMember(string RoomKey, IActorRef Session, byte[] Frames);

/// <summary>A member's own copy of a broadcast (the frames that carry its <c>ref</c>).</summary>
public sealed record OwnFrames(IActorRef Session, byte[] Frames);

/// <summary>
/// Room on another node → fan-out: one broadcast, once for the whole node. Every member of the
/// room on the node gets <paramref name="Shared"/>, except those in <paramref name="Own"/>, who
/// get their own copies. <paramref name="UpToId"/>: the last stored message in it (0 when none).
/// </summary>
public sealed record FramesToRoomMembers(string RoomKey, byte[] Shared, IReadOnlyList<OwnFrames> Own, long UpToId);

/// <summary>
/// Room → fan-out: this incarnation is stopping (passivated or handed off); every stored message
/// up to <paramref name="LastId"/> has been sent to its members.
/// </summary>
public sealed record RoomStopped(string RoomKey, long LastId);

/// <summary>
/// Fan-out → session: the room's incarnation that knew you ended; if you are still in it, say so
/// to its next one (<see cref="Rooms.RestoreMember"/>). <paramref name="AfterId"/>: the last message
/// you were sent, when known.
/// </summary>
public sealed record RoomMoved(string RoomName, long? AfterId);
