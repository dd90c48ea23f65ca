using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Metrics;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Server.Delivery;

/// <summary>
/// What a room sends, without the room's rules: each member's <see cref="MemberPort"/>, the
/// stored messages waiting to go out together (<see cref="BroadcastBatch{TMember}"/>), and the
/// encoding of events into the bytes members receive. A member on the room's node gets
/// everything straight through its connection; the members on another node get each broadcast
/// through that node's <see cref="NodeFanout"/>, once per node, not once per member. Either way a
/// member sees the room's frames in the room's order. Anybody else (a poster who has left, a
/// query from outside) gets its answer through its session.
/// </summary>
/// <remarks>Called from the room actor, which is the sender of everything sent from here.</remarks>
/// <param name="localNode">The fan-out of the node this room runs on.</param>
/// <param name="metrics">Where each flush of stored messages counts its deliveries (once per flush, not per member).</param>
public sealed class RoomOutbox(string roomKey, string roomName, IActorRef localNode, ChatMetrics metrics)
{
    private readonly Dictionary<IActorRef, (MemberPort Port, bool Local)> _ports = new();
    private readonly BroadcastBatch<IActorRef> _stored = new();
    /// <summary>Members on other nodes (each broadcast crosses the network once per node they are on).</summary>
    private int _remote;

    /// <summary>A new member; its node's fan-out hears of it first, so it can follow the room if the room moves.</summary>
    public void Add(IActorRef session, MemberPort port)
    {
        var local = port.Node.Equals(localNode);
        if (_ports.Remove(session, out var before) && !before.Local) _remote--;
        _ports[session] = (port, local);
        if (!local) _remote++;
        port.Node.Tell(new MemberAdded(roomKey, roomName, port));
    }

    /// <summary>
    /// Forgets a member (its node's fan-out too), after sending it <paramref name="lastWords"/> the way
    /// it got everything else from the room, so they come after the room's other frames.
    /// </summary>
    public void Remove(IActorRef session, byte[]? lastWords = null)
    {
        if (lastWords is not null) Send(session, lastWords);
        if (!_ports.Remove(session, out var member)) return;
        if (!member.Local) _remote--;
        member.Port.Node.Tell(new MemberRemoved(roomKey, session));
    }

    /// <summary>A stored message joins the batch that goes out at the next <see cref="FlushStored"/>.</summary>
    public void QueueStored(ChatMessage message, IActorRef sender, RequestRef? reference)
    {
        var (shared, own) = WireFrames.Of(message, reference);
        _stored.Add(shared, sender, own);
    }

    /// <summary>Sends the batch: the same bytes to every member but the posters, who get their own copies.</summary>
    /// <param name="storedAt">When the batch's commit ended (<see cref="MessagesStored.StoredAt"/>).</param>
    public void FlushStored(Func<IActorRef, bool> isMember, long upToId, long storedAt)
    {
        var messages = _stored.Count;
        var recipients = 0;
        // Every member but the posters gets the same array: one ByteString around it for all of them.
        byte[]? lastFrames = null;
        ByteString? last = null;
        var nodes = _remote > 0 ? new NodeBatches() : null;
        _stored.Drain(_ports.Keys, isMember, (member, frames, shared) =>
        {
            recipients++;
            if (!_ports.TryGetValue(member, out var to))
            {
                member.Tell(new Deliver(frames)); // a poster who has left
                return;
            }
            if (!to.Local)
            {
                nodes!.Add(to.Port, frames, shared);
                return;
            }
            if (!ReferenceEquals(frames, lastFrames)) (lastFrames, last) = (frames, ByteString.FromBytes(frames));
            to.Port.Write(last!);
        });
        nodes?.Send(roomKey, upToId);
        metrics.Delivered((long)messages * recipients, storedAt);
    }

    /// <summary>
    /// Sends <paramref name="e"/> to every member (encoded once). When <paramref name="requester"/>
    /// is given, its copy carries <paramref name="reference"/> as ref (it is the direct answer to it).
    /// </summary>
    public void Broadcast(ServerEvent e, IActorRef? requester = null, RequestRef? reference = null)
    {
        byte[]? shared = null;
        ByteString? sharedString = null;
        var own = requester is not null && reference is not null ? WireFrames.Bytes(e with { Ref = reference }) : null;
        var nodes = _remote > 0 ? new NodeBatches() : null;
        foreach (var (member, to) in _ports)
        {
            var mine = own is not null && member.Equals(requester);
            var frames = mine ? own! : shared ??= WireFrames.Bytes(e);
            if (!to.Local) nodes!.Add(to.Port, frames, !mine);
            else to.Port.Write(ReferenceEquals(frames, shared) ? sharedString ??= ByteString.FromBytes(shared) : ByteString.FromBytes(frames));
        }
        nodes?.Send(roomKey, 0);
    }

    public void Send(IActorRef session, ServerEvent e) => Send(session, WireFrames.Bytes(e));

    /// <summary>To a member through its port; to anybody else through its session.</summary>
    public void Send(IActorRef session, byte[] frames)
    {
        if (!_ports.TryGetValue(session, out var to)) session.Tell(new Deliver(frames));
        else if (to.Local) to.Port.Write(ByteString.FromBytes(frames));
        else to.Port.Node.Tell(new FramesToMember(roomKey, session, frames));
    }

    /// <summary>The room is stopping: every node with members hears it, with the last message they were sent.</summary>
    public void Stopped(long lastId)
    {
        foreach (var node in _ports.Values.Select(p => p.Port.Node).Distinct()) node.Tell(new RoomStopped(roomKey, lastId));
    }

    /// <summary>One broadcast as it goes to each other node: the shared frames once, and the posters' own copies.</summary>
    private sealed class NodeBatches
    {
        private readonly Dictionary<IActorRef, (byte[]? Shared, List<OwnFrames>? Own)> _byNode = new();

        public void Add(MemberPort port, byte[] frames, bool shared)
        {
            _byNode.TryGetValue(port.Node, out var batch);
            if (shared) batch.Shared = frames;
            else (batch.Own ??= []).Add(new OwnFrames(port.Session, frames));
            _byNode[port.Node] = batch;
        }

        public void Send(string roomKey, long upToId)
        {
            foreach (var (node, batch) in _byNode)
                node.Tell(new FramesToRoomMembers(roomKey, batch.Shared ?? [], (IReadOnlyList<OwnFrames>?)batch.Own ?? [], upToId));
        }
    }
}
