using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>What a history event meant for the catch-up.</summary>
public abstract record CatchUpStep
{
    /// <summary>Not part of a catch-up: an ordinary history to show.</summary>
    public sealed record NotMine : CatchUpStep;

    /// <summary>The lobby history the server sends after login, for a lobby the user had left: drop it.</summary>
    public sealed record Dropped : CatchUpStep;

    /// <summary>The gap may go on: send this request for the page before.</summary>
    public sealed record NextPage(ClientRequest Request) : CatchUpStep;

    /// <summary>The room or direct conversation is up to date: show what it missed.</summary>
    public sealed record Finished(ConversationCatchUp CatchUp) : CatchUpStep;
}

/// <summary>
/// The bookkeeping of catching up after a reconnect: one <see cref="RoomCatchUp"/> per room,
/// one <see cref="DirectCatchUp"/> per direct conversation when logged in with an account,
/// which request each one awaits, and the lobby's history that the server sends by itself.
/// </summary>
/// <remarks>
/// Requests of the catch-up carry ids with their own prefixes, so their answers (joined, left,
/// history, error) are told apart from the user's. Plain state, no I/O.
/// </remarks>
public sealed class CatchUpTracker
{
    private const string RejoinPrefix = "rejoin-";
    private const string CatchUpPrefix = "catchup-";

    private readonly Dictionary<string, ConversationCatchUp> _catchUps = new(StringComparer.Ordinal);
    private bool _awaitingLobbyHistory;
    private bool _dropLobbyHistory;
    private long _requestCount;

    /// <summary>Some room is still catching up: typed lines wait, so they follow what was missed.</summary>
    public bool InProgress => _catchUps.Count > 0;

    public bool IsCatchingUp(string conversationKey) => _catchUps.ContainsKey(conversationKey);

    public static bool IsCatchUpRef(RequestRef? reference) =>
        reference?.ToString() is { } text && (text.StartsWith(RejoinPrefix, StringComparison.Ordinal) || text.StartsWith(CatchUpPrefix, StringComparison.Ordinal));

    /// <summary>
    /// Logged in again: starts a catch-up for every room the user was in and returns the requests
    /// to send (rejoins; a leave of the lobby when the user had left it). With
    /// <paramref name="accountName"/> (logged in with an account), every direct conversation of this
    /// run catches up too (<see cref="StartDirect"/>).
    /// </summary>
    public IReadOnlyList<ClientRequest> Start(IEnumerable<string> rooms, ConversationState conversations, bool inLobby, string? accountName = null)
    {
        Reset();
        var requests = new List<ClientRequest>();
        foreach (var room in rooms)
        {
            var conversation = conversations.Room(room);
            var catchUp = new RoomCatchUp(room, conversation.LastSeenId);
            _catchUps[conversation.Key] = catchUp;
            if (IsLobby(room))
            {
                // The server puts everyone back in the lobby and sends its history unasked.
                _awaitingLobbyHistory = true;
                continue;
            }
            catchUp.AwaitingRef = RequestRef.Of(RejoinPrefix + ++_requestCount);
            requests.Add(new JoinRequest(room) { Id = catchUp.AwaitingRef });
        }
        if (!inLobby)
        {
            // The user had left the lobby: leave it again, quietly.
            _dropLobbyHistory = true;
            requests.Add(new LeaveRequest(ProtocolInfo.Lobby) { Id = RejoinPrefix + ++_requestCount });
        }
        if (accountName is not null) requests.AddRange(StartDirect(conversations, accountName));
        return requests;
    }

    /// <summary>
    /// One <c>history</c> with <c>with</c> per direct conversation that saw a message in this run, or
    /// holds a line of ours sent but not confirmed (it may have been stored before the connection broke).
    /// </summary>
    private List<ClientRequest> StartDirect(ConversationState conversations, string myName)
    {
        var requests = new List<ClientRequest>();
        foreach (var conversation in conversations.All.Where(c => c.IsDirect))
        {
            var sentTexts = conversations.Pending.Where(p => p.Sent && p.ConversationKey == conversation.Key).Select(p => p.Text).ToList();
            if (conversation.LastSeenId == 0 && sentTexts.Count == 0) continue;
            var catchUp = new DirectCatchUp(conversation.Name, conversation.LastSeenId, sentTexts, myName)
            {
                AwaitingRef = RequestRef.Of(CatchUpPrefix + ++_requestCount),
            };
            _catchUps[conversation.Key] = catchUp;
            requests.Add(catchUp.FirstRequest with { Id = catchUp.AwaitingRef });
        }
        return requests;
    }

    /// <summary>
    /// A live message of a conversation still catching up waits there (it is newer than any page);
    /// false when it may be shown. <paramref name="myName"/> tells which peer a direct message is with.
    /// </summary>
    public bool TryHold(ChatMessage message, string myName)
    {
        var key = message.IsDirect
            ? ConversationState.DirectKey(NameRules.Key(message.From) == NameRules.Key(myName) ? message.To! : message.From)
            : ConversationState.RoomKey(message.Room!);
        if (!_catchUps.TryGetValue(key, out var catchUp)) return false;
        catchUp.Hold(message);
        return true;
    }

    /// <summary>A page of direct messages: the next page of a catch-up, its end, or not the catch-up's.</summary>
    public CatchUpStep OnDirectHistory(DirectHistoryEvent history)
    {
        var key = ConversationState.DirectKey(history.With);
        if (!IsCatchUpRef(history.Ref) || !_catchUps.TryGetValue(key, out var catchUp) || catchUp.AwaitingRef != history.Ref)
            return new CatchUpStep.NotMine();
        return Took(key, catchUp, history.Messages);
    }

    public CatchUpStep OnHistory(HistoryEvent history)
    {
        var key = ConversationState.RoomKey(history.Room);
        var isLobbyAfterLogin = history.Ref is null && IsLobby(history.Room);
        if (isLobbyAfterLogin && _dropLobbyHistory)
        {
            _dropLobbyHistory = false;
            return new CatchUpStep.Dropped();
        }
        var forCatchUp = (isLobbyAfterLogin && _awaitingLobbyHistory) || IsCatchUpRef(history.Ref);
        if (!forCatchUp || !_catchUps.TryGetValue(key, out var catchUp)) return new CatchUpStep.NotMine();
        if (isLobbyAfterLogin) _awaitingLobbyHistory = false;
        return Took(key, catchUp, history.Messages);
    }

    private CatchUpStep Took(string key, ConversationCatchUp catchUp, IReadOnlyList<ChatMessage> page)
    {
        if (catchUp.TakePage(page) is { } next)
        {
            catchUp.AwaitingRef = RequestRef.Of(CatchUpPrefix + ++_requestCount);
            return new CatchUpStep.NextPage(next with { Id = catchUp.AwaitingRef });
        }
        _catchUps.Remove(key);
        return new CatchUpStep.Finished(catchUp);
    }

    /// <summary>
    /// The rejoin or a page was refused: its room (or direct conversation) can catch up no further.
    /// Returns it, or null when no catch-up awaited that ref.
    /// </summary>
    public ConversationCatchUp? Refused(RequestRef reference)
    {
        foreach (var (key, catchUp) in _catchUps.ToList())
        {
            if (catchUp.AwaitingRef != reference) continue;
            catchUp.Abandon();
            _catchUps.Remove(key);
            return catchUp;
        }
        return null;
    }

    /// <summary>The connection was lost: whatever was in progress starts over on the next login.</summary>
    public void Reset()
    {
        _catchUps.Clear();
        _awaitingLobbyHistory = false;
        _dropLobbyHistory = false;
    }

    private static bool IsLobby(string room) => NameRules.Key(room) == NameRules.Key(ProtocolInfo.Lobby);
}
