using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Rules;
using ActorChat.Server.Delivery;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using Akka.Actor;

namespace ActorChat.Server.Network;

/// <summary>
/// Where a logged-in session's chat requests go: everything for a room to the one way of
/// addressing rooms (<paramref name="rooms"/>: the registry, or the sharding region in a
/// cluster), direct messages through the user directory, <c>rooms</c> to
/// <paramref name="roomList"/>, <c>stats</c> to the <see cref="ServerStats"/> actor. Requests arrive
/// checked by the <see cref="RequestGate"/>, so names and text are valid here. Called from the
/// session actor, which is therefore the sender of everything sent on; what is meant for a room
/// carries the session's <see cref="MemberPort"/>.
/// </summary>
/// <param name="roomList">Answers <see cref="ListRooms"/> (the node's fan-out, or the cluster's room list).</param>
/// <param name="stats">The <see cref="ServerStats"/> actor; without it <c>stats</c> is <c>unavailable</c>.</param>
public sealed class ChatRequestRouter(IActorRef rooms, IActorRef users, IActorRef roomList, ServerLimits limits, MemberPort port, IActorRef? stats = null)
{
    public RoomMemberships Memberships { get; } = new();

    /// <summary>True when <paramref name="request"/> is a chat request (and was sent on).</summary>
    /// <param name="error">The error to answer with instead, when the session is not in the room.</param>
    public bool TryRoute(ClientRequest request, string userName, out ProtocolError? error)
    {
        error = null;
        switch (request)
        {
            case SayRequest say:
                var room = Canonical(say.Room);
                if (Memberships.Contains(room)) rooms.Tell(new PostMessage(room, say.Text, say.Id, userName, port));
                else error = new(ErrorCodes.NotInRoom, $"you are not in room {room}; join it first", say.Id);
                return true;
            case LeaveRequest leave:
                var left = Canonical(leave.Room);
                if (Memberships.Remove(left)) rooms.Tell(new LeaveRoom(left, userName, LeftReasons.Leave, leave.Id));
                else error = new(ErrorCodes.NotInRoom, $"you are not in room {left}", leave.Id);
                return true;
            case JoinRequest join:
                Join(Canonical(join.Room), userName, join.Id);
                return true;
            case DmRequest dm:
                users.Tell(new SendDirect(dm.To, dm.Text, dm.Id));
                return true;
            case WhoRequest who:
                rooms.Tell(new WhoQuery(Canonical(who.Room), who.Id));
                return true;
            case RoomsRequest list:
                roomList.Tell(new ListRooms(list.Id));
                return true;
            case StatsRequest query:
                if (stats is null) error = new(ErrorCodes.Unavailable, "this server keeps no stats", query.Id);
                else stats.Tell(new ServerStats.Query(query.Id));
                return true;
            case HistoryRequest history:
                rooms.Tell(new HistoryQuery(Canonical(history.Room), history.Before, Math.Min(history.Limit, limits.MaxHistoryLimit), history.Id));
                return true;
            default:
                return false;
        }
    }

    public void Join(string room, string userName, RequestRef? reference)
    {
        Memberships.Add(room);
        rooms.Tell(new JoinRoom(room, userName, reference, port));
    }

    /// <summary>A room the session is in moved to a new incarnation: the session is still a member there.</summary>
    public void Restore(RoomMoved moved, string userName)
    {
        if (Memberships.Contains(moved.RoomName)) rooms.Tell(new RestoreMember(moved.RoomName, userName, port, moved.AfterId));
    }

    /// <summary>Leaves every room (the session is ending).</summary>
    public void LeaveAll(string userName, string reason)
    {
        foreach (var room in Memberships.Names)
        {
            Memberships.Remove(room);
            rooms.Tell(new LeaveRoom(room, userName, reason, null, TellLeaver: false));
        }
    }

    private static string Canonical(string name) => NameRules.Canonicalize(name)!;
}
