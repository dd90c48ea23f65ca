using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
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
/// <param name="address">The client's IP address (failed password attempts are counted per address).</param>
public sealed class ChatRequestRouter(IActorRef rooms, IActorRef users, IActorRef roomList, ServerLimits limits, MemberPort port, string address, IActorRef? stats = null)
{
    public RoomMemberships Memberships { get; } = new();

    /// <summary>True when <paramref name="request"/> is a chat request (and was sent on).</summary>
    /// <param name="account">The session holds an account (a guest may not read direct-message history or change a password).</param>
    /// <param name="error">The error to answer with instead, when the session is not in the room or not an account's.</param>
    public bool TryRoute(ClientRequest request, string userName, bool account, out ProtocolError? error)
    {
        if (RouteAccountRequest(request, userName, account, out error)) return true;
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

    /// <param name="replacing">The session took its account's name over from another connection: that one's membership under the name ends now (<c>left</c> replaced).</param>
    public void Join(string room, string userName, RequestRef? reference, bool replacing = false)
    {
        Memberships.Add(room);
        rooms.Tell(new JoinRoom(room, userName, reference, port) { Replacing = replacing });
    }

    /// <summary>
    /// What needs an account, to the user directory: <c>passwd</c>, <c>history</c> with <c>with</c>,
    /// and a guest's <c>register</c> of the name it holds (ActorChat addition).
    /// </summary>
    private bool RouteAccountRequest(ClientRequest request, string userName, bool account, out ProtocolError? error)
    {
        error = null;
        switch (request)
        {
            case RegisterRequest register:
                if (account || NameRules.Key(Canonical(register.Name)) != NameRules.Key(userName))
                    error = new(ErrorCodes.AlreadyLoggedIn, account
                        ? "this connection is already logged in with an account"
                        : $"this connection is logged in as {userName}: it can register that name only", register.Id);
                else users.Tell(new RegisterHeldName(register.Password, address, register.Id));
                return true;
            case PasswdRequest passwd:
                if (!account) error = new(ErrorCodes.AccountRequired, "a guest has no password to change: register your name first", passwd.Id);
                else users.Tell(new ChangePassword(passwd.Old, passwd.New, address, passwd.Id));
                return true;
            case DirectHistoryRequest history:
                if (!account) error = new(ErrorCodes.AccountRequired, "direct-message history is kept for account holders: register your name first", history.Id);
                else users.Tell(new DirectHistoryQuery(Canonical(history.With), history.Before, Math.Min(history.Limit, limits.MaxHistoryLimit), history.Id));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The answer to a <c>history</c> with <c>with</c>: the page, or <c>unavailable</c> when the store could not be read.</summary>
    public static ServerEvent AnswerOf(DirectHistoryPage page) =>
        page.Failed
            ? new ErrorEvent(ErrorCodes.Unavailable, "history could not be read; try again later") { Ref = page.Ref }
            : new DirectHistoryEvent(page.With, page.Messages) { Ref = page.Ref };

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
