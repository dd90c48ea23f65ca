using ActorChat.Messages.Events;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Delivery;

/// <summary>
/// Where a room sends what one member receives: straight to the member's connection (Akka.IO's
/// connection actor), in the session's name. One actor message per delivery instead of three
/// (to the session, to the connection, the acknowledgement back). The connection queues what it
/// cannot send at once, bounded (<c>akka.io.tcp.write-commands-queue-max-size</c>, set from
/// <see cref="ServerLimits.MaxPendingWriteBytes"/>); a write past the bound fails back to the
/// session, which drops the client as a slow consumer.
/// </summary>
/// <remarks>
/// A room sends everything for a member through its port (history, joins, messages, leaves), so
/// the member sees the room's frames in the room's order.
/// </remarks>
public sealed record MemberPort(IActorRef Connection, IActorRef Session)
{
    public void Send(ByteString frames) => Connection.Tell(Tcp.Write.Create(frames), Session);

    public void Send(ServerEvent e) => Send(WireFrames.Of(e));
}
