using ActorChat.Messages.Rules;
using Akka.Cluster.Sharding;

namespace ActorChat.Server.Rooms;

/// <summary>
/// How sharding places rooms: a room's entity id is its key (<see cref="NameRules.Key"/> of the name
/// every <see cref="IRoomCommand"/> carries), its shard a hash of the key. The command itself is
/// what the room receives.
/// </summary>
public sealed class RoomMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => message switch
    {
        IRoomCommand command => NameRules.Key(command.RoomName),
        _ => null,
    };
}
