using ActorChat.Client.Input;
using ActorChat.Client.Output;
using ActorChat.Messages;
using ActorChat.Messages.Commands;

namespace ActorChat.Client.Session;

/// <summary>What became of a typed line: a request to send now, whether it asked to quit, and a password dialog to start (one that may be of use).</summary>
public sealed record HandledLine(ClientRequest? ToSend, bool Quit, AccountCommandKind? StartDialog = null)
{
    public static readonly HandledLine Nothing = new(null, false);
}

/// <summary>Where the connection stands, as far as typed lines care.</summary>
public enum LinkState
{
    /// <summary>Logged in and up to date: lines go out at once.</summary>
    Ready,

    /// <summary>Logged in again, still fetching what rooms missed: chat lines wait for it, so they follow.</summary>
    CatchingUp,

    /// <summary>No connection: chat lines are kept, commands refused.</summary>
    Offline,
}

/// <summary>
/// A line typed by a logged-in user: parsed, then sent, kept pending, or answered locally.
/// </summary>
/// <remarks>Plain code the session actor calls; it returns the request to send instead of sending.</remarks>
public sealed class TypedLines
{
    private readonly CommandParser _parser = new();
    private readonly ClientState _state;
    private readonly ConversationState _conversations;
    private readonly ConversationEvents _events;
    private readonly SessionOutput _output;
    private readonly bool _keepPending;
    private long _requestCount;

    /// <param name="keepPending">Track says and dms by id until confirmed, and hold them while offline (the reconnecting client).</param>
    public TypedLines(ClientState state, ConversationState conversations, ConversationEvents events, SessionOutput output, bool keepPending)
    {
        _state = state;
        _conversations = conversations;
        _events = events;
        _output = output;
        _keepPending = keepPending;
    }

    public HandledLine Handle(string line, LinkState link)
    {
        var online = link != LinkState.Offline;
        switch (_parser.Parse(line, _state.CurrentRoom))
        {
            case SendToServer { Request: QuitRequest }:
                return new HandledLine(null, Quit: true);
            case SendToServer { Request: JoinRequest join } when online:
                // An id lets the state match a refusal to this join.
                var id = RequestRef.Of("join-" + ++_requestCount);
                _state.JoinSent(join.Room, id);
                _events.SyncFrontWithCurrentRoom();
                return new HandledLine(join with { Id = id }, false);
            case SendToServer { Request: SayRequest say } when _conversations.Current is { IsDirect: true } direct:
                // In a direct conversation, a plain line is a private message to that person.
                return Chat(new DmRequest(direct.Name, say.Text), link);
            case SendToServer { Request: SayRequest or DmRequest } chat:
                return Chat(chat.Request, link);
            case AccountCommand account when online:
                return Dialog(account.Kind);
            case AccountCommand:
                _output.Print("! not connected; /register and /passwd need the connection");
                break;
            case SendToServer send when online:
                return new HandledLine(send.Request, false);
            case SendToServer:
                _output.Print("! not connected; only chat lines are kept until the connection is back");
                break;
            case SwitchConversation change:
                SwitchTo(change.Name);
                break;
            case ShowLocally show:
                _output.Print(show.Text);
                break;
            case UsageError error:
                _output.Print("! " + error.Message);
                break;
        }
        return HandledLine.Nothing;
    }

    /// <summary>A password dialog to start, unless it cannot be of use for this name, as known without asking the server.</summary>
    private HandledLine Dialog(AccountCommandKind kind)
    {
        if (PasswordDialogWords.NotNow(kind, _state.IsAccount, _state.Name!) is not { } refusal) return new HandledLine(null, false, kind);
        _output.Print(refusal);
        return HandledLine.Nothing;
    }

    /// <summary>A say or dm: tracked by id until the server's copy arrives, and held until the link is ready.</summary>
    private HandledLine Chat(ClientRequest request, LinkState link)
    {
        if (!_keepPending) return new HandledLine(request, false);
        var pending = _conversations.AddPending(request);
        var waitingFor = link switch
        {
            LinkState.Offline => "not connected; will send when reconnected",
            LinkState.CatchingUp => "catching up; will send when caught up",
            _ => null,
        };
        _output.Pending(pending, waitingFor);
        if (waitingFor is not null) return HandledLine.Nothing;
        _conversations.MarkSent(pending);
        return new HandledLine(pending.Request, false);
    }

    private void SwitchTo(string name)
    {
        var conversation = _conversations.FindByName(name);
        if (conversation is null && _state.IsIn(name)) conversation = _conversations.Room(name);
        // Switching to someone we never talked to opens a direct conversation.
        conversation ??= _conversations.Direct(name);
        if (!conversation.IsDirect) _state.SwitchTo(conversation.Name);
        _conversations.SwitchTo(conversation.Key);
        _events.FrontSwitched();
        _output.Print($"* now talking in {(conversation.IsDirect ? "a direct conversation with " : "")}{TerminalText.EscapeSingleLine(conversation.Name)}");
    }
}
