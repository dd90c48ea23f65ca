using Akka.Actor;

namespace ActorChat.Server.Network;

/// <summary>
/// Where a session sends what it does not answer itself, the same for every session of a node.
/// </summary>
/// <param name="Users">The user directory: names and direct messages.</param>
/// <param name="Rooms">The one way of addressing rooms: the room registry, or the sharding region in a cluster.</param>
/// <param name="RoomList">Answers <c>rooms</c>: the node's fan-out alone, or the cluster's room list.</param>
/// <param name="Node">This node's fan-out (<see cref="Delivery.NodeFanout"/>): part of every member's port.</param>
/// <param name="Stats">Answers <c>stats</c> (<see cref="ServerStats"/>); null: <c>unavailable</c>.</param>
public sealed record SessionRoutes(IActorRef Users, IActorRef Rooms, IActorRef RoomList, IActorRef Node, IActorRef? Stats = null);
