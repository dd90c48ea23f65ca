using ActorChat.Server.Transport;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Delivery;

/// <summary>
/// Where a room sends what one member receives. A room on the member's own node writes straight
/// to the member's connection, in the session's name: one actor message per delivery instead of
/// three (to the session, to the connection, the acknowledgement back). The connection queues
/// what it cannot send at once, bounded (<see cref="ServerLimits.MaxPendingWriteBytes"/>); a write
/// past the bound is refused back to the session, which drops the client as a slow consumer.
/// A room on another node sends to the member's <paramref name="Node"/> instead (its
/// <see cref="NodeFanout"/>), once per node for everything it broadcasts.
/// </summary>
/// <remarks>
/// A room sends everything for a member through its port (history, joins, messages, leaves), so
/// the member sees the room's frames in the room's order.
/// </remarks>
/// <param name="Connection">The member's connection, whatever its transport (meaningful on its own node only).</param>
/// <param name="Session">The member's session: its identity in the room.</param>
/// <param name="Node">The fan-out of the node the member is connected to.</param>
public sealed record MemberPort(ClientConnection Connection, IActorRef Session, IActorRef Node)
{
    /// <summary>Writes to the connection; only on the member's own node.</summary>
    public void Write(ByteString frames) => Connection.Write(frames, Session);
}
