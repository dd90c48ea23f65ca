using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Rules;
using ActorChat.Server.Delivery;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using Akka.Actor;

namespace ActorChat.Server.Network;

/// <summary>
/// Where a logged-in session's chat requests go: rooms through the registry (or straight to a
/// room the session is in), direct messages through the user directory, <c>stats</c> to the
/// <see cref="ServerStats"/> actor. Requests arrive
/// checked by the <see cref="RequestGate"/>, so names and text are valid here. Called from the
/// session actor, which is therefore the sender of everything sent on; a join hands the room the
/// session's <see cref="MemberPort"/>.
/// </summary>
/// <param name="stats">The <see cref="ServerStats"/> actor; without it <c>stats</c> is <c>unavailable</c>.</param>
public sealed class ChatRequestRouter(IActorRef rooms, IActorRef users, ServerLimits limits, MemberPort port, IActorRef? stats = null)
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
                if (!Memberships.TrySend(NameRules.Key(room), new PostMessage(say.Text, say.Id), rooms))
                    error = new(ErrorCodes.NotInRoom, $"you are not in room {room}; join it first", say.Id);
                return true;
            case LeaveRequest leave:
                var left = Canonical(leave.Room);
                if (!Memberships.TryLeave(NameRules.Key(left), new LeaveRoom(LeftReasons.Leave, leave.Id), rooms))
                    error = new(ErrorCodes.NotInRoom, $"you are not in room {left}", leave.Id);
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
                rooms.Tell(new ListRooms(list.Id));
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
        Memberships.Joining(NameRules.Key(room), room);
        rooms.Tell(new JoinRoom(room, userName, reference, port));
    }

    /// <summary>Leaves every room (the session is ending).</summary>
    public void LeaveAll(string reason) => Memberships.LeaveAll(new LeaveRoom(reason, null, TellLeaver: false), rooms);

    private static string Canonical(string name) => NameRules.Canonicalize(name)!;
}
