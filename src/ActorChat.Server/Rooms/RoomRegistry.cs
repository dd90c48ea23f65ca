using ActorChat.Messages.Rules;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Storage;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorChat.Server.Rooms;

/// <summary>
/// The rooms of a single node, placed as a shard would place them: every <see cref="IRoomCommand"/>
/// goes to the room of its key, started by the first request for it, so a cluster can put the
/// sharding region in this actor's place without touching sessions or rooms (<see cref="RoomCommandRouting"/>).
/// A room that asks to be passivated (<see cref="Passivate"/>, when empty) is stopped with its
/// own stop message.
/// </summary>
/// <remarks>
/// A room is persistent: two incarnations of one room must never run at once. While a room is
/// stopping, what arrives for it waits here and goes to its next incarnation, started once the
/// old one has terminated.
/// </remarks>
public sealed class RoomRegistry : ReceiveActor
{
    private readonly ServerLimits _limits;
    private readonly IActorRef _localNode;
    private readonly MessageStorage _storage;
    private readonly Dictionary<string, IActorRef> _rooms = new(StringComparer.Ordinal);
    private readonly StoppingChildren<string> _stopping = new();
    private long _incarnation;

    public RoomRegistry(ServerLimits limits, IActorRef localNode, MessageStorage storage)
    {
        _limits = limits;
        _localNode = localNode;
        _storage = storage;
        Receive<IRoomCommand>(command => ToRoom(command, Sender));
        Receive<Passivate>(OnPassivate);
        Receive<Terminated>(OnRoomTerminated);
        Receive<GetRoomCount>(_ => Sender.Tell(_rooms.Count + _stopping.Count));
    }

    /// <param name="localNode">This node's fan-out (<see cref="Delivery.NodeFanout"/>), which the rooms send through.</param>
    public static Props Props(ServerLimits limits, IActorRef localNode, MessageStorage storage) =>
        Akka.Actor.Props.Create(() => new RoomRegistry(limits, localNode, storage));

    /// <summary>A fault in a child drops the message and keeps the child's state (<see cref="Supervision"/>).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Supervision.ResumeOnFault();

    /// <summary>Forwards to the room of the command's key; waits while it stops; starts it when it is not running.</summary>
    private void ToRoom(IRoomCommand command, IActorRef sender)
    {
        var key = NameRules.Key(command.RoomName);
        if (_stopping.TryHold(key, command, sender)) return;
        if (!_rooms.TryGetValue(key, out var room))
        {
            // Each incarnation gets its own child name: a stopped one may still hold the old name.
            room = Context.ActorOf(RoomActor.Props(key, _limits, _localNode, _storage), $"room-{++_incarnation}");
            Context.Watch(room);
            _rooms[key] = room;
        }
        room.Tell(command, sender);
    }

    /// <summary>A room asks to stop (it is empty): what arrives for it from now on waits for its next incarnation.</summary>
    private void OnPassivate(Passivate passivate)
    {
        var key = _rooms.FirstOrDefault(r => r.Value.Equals(Sender)).Key;
        if (key is null) return; // already stopping, or not one of ours
        _rooms.Remove(key);
        _stopping.Add(Sender, key);
        Sender.Tell(passivate.StopMessage);
    }

    /// <summary>
    /// A room ended: one we stopped (what waited for it goes to a new incarnation), or one
    /// that stopped on its own because its store failed (forgotten; the next request starts it afresh).
    /// </summary>
    private void OnRoomTerminated(Terminated terminated)
    {
        if (_stopping.TryEnd(terminated.ActorRef, out var waiting))
        {
            foreach (var (command, sender) in waiting) ToRoom((IRoomCommand)command, sender); // in arrival order
            return;
        }

        var failed = _rooms.FirstOrDefault(r => r.Value.Equals(terminated.ActorRef));
        if (failed.Value is not null) _rooms.Remove(failed.Key);
    }
}
