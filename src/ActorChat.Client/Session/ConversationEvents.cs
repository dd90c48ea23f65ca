using ActorChat.Client.Output;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>
/// What the server says about rooms and messages, applied to the client's state and shown:
/// messages once each, histories, joins, leaves, member lists.
/// </summary>
/// <remarks>
/// Plain code the session actor calls; it never sends, it returns the requests to send.
/// Messages of a room still catching up are held by the <see cref="CatchUpTracker"/> and shown
/// with the rest of what the room missed, in order.
/// </remarks>
public sealed class ConversationEvents
{
    private const string MembersPrefix = "members-";

    private readonly ClientState _state;
    private readonly ConversationState _conversations;
    private readonly CatchUpTracker _catchUps;
    private readonly SessionOutput _output;
    private readonly bool _fetchMembers;
    private string? _lastSyncedRoom;
    private long _requestCount;

    public ConversationEvents(ClientState state, ConversationState conversations, CatchUpTracker catchUps, SessionOutput output, bool fetchMembers)
    {
        _state = state;
        _conversations = conversations;
        _catchUps = catchUps;
        _output = output;
        _fetchMembers = fetchMembers;
    }

    private string MyName => _state.Name ?? string.Empty;

    public void Message(ChatMessage message)
    {
        if (_catchUps.TryHold(message, MyName))
        {
            // Our own line came back: no longer pending, though shown only with the catch-up.
            if (message.Ref is { } reference) _conversations.Acknowledge(reference);
            return;
        }
        Show(message);
    }

    /// <summary>
    /// A room or direct conversation caught up: pending lines it already holds are settled, then its
    /// missed messages shown, oldest first. A settled line's message is shown with the line's ref,
    /// as if its copy had come back, so the display replaces the line it showed as pending.
    /// </summary>
    public void ShowMissed(ConversationCatchUp catchUp)
    {
        var settled = _conversations.Settle(catchUp.ConversationKey, catchUp.Missed, MyName).ToDictionary(s => s.Message.Id, s => s.Line.Ref);
        foreach (var message in catchUp.Missed) Show(settled.TryGetValue(message.Id, out var reference) ? message with { Ref = reference } : message);
        if (catchUp is DirectCatchUp { StoppedShort: true } direct)
            _output.Show($"* (only the last {DirectCatchUp.FirstPageSize + (DirectCatchUp.MaxPages - 1) * ConversationCatchUp.PageSize} direct messages with {TerminalText.EscapeSingleLine(direct.Peer)} were fetched; older ones missed meanwhile are not shown)");
    }

    /// <summary>An ordinary page of direct messages (not part of a catch-up).</summary>
    public void DirectHistory(DirectHistoryEvent history)
    {
        var conversation = _conversations.Direct(history.With);
        foreach (var message in history.Messages) _conversations.Accept(message, MyName, countUnread: false);
        _output.DirectHistory(conversation.Key, history);
    }

    /// <summary>An ordinary history (not part of a catch-up).</summary>
    public void History(HistoryEvent history)
    {
        var conversation = _conversations.Room(history.Room);
        var fresh = history.Messages.Where(m => _conversations.Accept(m, MyName, countUnread: false)).ToList();
        _output.History(conversation.Key, fresh, history);
    }

    /// <summary>Returns a <c>who</c> to send when it was our own join and member lists are kept.</summary>
    public ClientRequest? Joined(JoinedEvent joined)
    {
        var isMe = IsMe(joined.Name);
        _state.Apply(joined);
        SyncFrontWithCurrentRoom();
        var conversation = _conversations.Room(joined.Room);
        conversation.AddMember(joined.Name, joined.Members);
        // Our own rejoin after a reconnect is not news.
        if (!(isMe && (CatchUpTracker.IsCatchUpRef(joined.Ref) || _catchUps.IsCatchingUp(conversation.Key)))) _output.Event(conversation.Key, joined);
        return isMe && _fetchMembers ? new WhoRequest(joined.Room) { Id = MembersPrefix + ++_requestCount } : null;
    }

    public void Left(LeftEvent left)
    {
        var isMe = IsMe(left.Name);
        _state.Apply(left);
        var conversation = _conversations.Room(left.Room);
        conversation.RemoveMember(left.Name, left.Members);
        if (isMe) _conversations.Close(conversation.Key);
        SyncFrontWithCurrentRoom();
        if (!(isMe && CatchUpTracker.IsCatchUpRef(left.Ref))) _output.Event(conversation.Key, left);
    }

    public void Who(WhoEvent who)
    {
        if (_conversations.Find(ConversationState.RoomKey(who.Room)) is { } conversation && _state.IsIn(who.Room))
            conversation.SetMembers(who.Members);
        // The member lists the session asks for itself are for the screen, not news.
        if (who.Ref?.ToString()?.StartsWith(MembersPrefix, StringComparison.Ordinal) != true) Event(null, who);
    }

    /// <summary>Any other event: applied to the state, then shown.</summary>
    public void Event(string? conversationKey, ServerEvent serverEvent)
    {
        _state.Apply(serverEvent);
        _output.Event(conversationKey, serverEvent);
    }

    /// <summary>When the room that plain lines go to changed (join, leave), bring it to the front.</summary>
    public void SyncFrontWithCurrentRoom()
    {
        if (_state.CurrentRoom == _lastSyncedRoom) return;
        _lastSyncedRoom = _state.CurrentRoom;
        if (_state.CurrentRoom is { } room) _conversations.SwitchTo(_conversations.Room(room).Key);
    }

    /// <summary>The user switched: the front is already right, so the next sync has nothing to do.</summary>
    public void FrontSwitched() => _lastSyncedRoom = _state.CurrentRoom;

    private void Show(ChatMessage message)
    {
        var own = IsMe(message.From);
        var conversation = _conversations.ConversationOf(message, MyName);
        if (!_conversations.Accept(message, MyName, countUnread: !own)) return;
        _output.Message(conversation.Key, message, own);
    }

    private bool IsMe(string name) => _state.Name is { } me && NameRules.Key(name) == NameRules.Key(me);
}
