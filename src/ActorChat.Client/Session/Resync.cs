using ActorChat.Client.Output;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>What a step of the resync leaves to do: requests to send, in order, and whether every room is now caught up.</summary>
public sealed record ResyncStep(IReadOnlyList<ClientRequest> ToSend, bool CaughtUp)
{
    public static readonly ResyncStep Nothing = new([], false);
}

/// <summary>
/// Getting back in step after a reconnect: rejoin every room, fetch what each missed (and, with an
/// account, what each direct conversation missed), show it in order, and only then send the lines
/// typed meanwhile, in the order typed.
/// </summary>
/// <remarks>
/// The bookkeeping is <see cref="CatchUpTracker"/>'s; this class strings its steps together and
/// shows what they bring. Plain code: it returns the requests instead of sending them.
/// </remarks>
public sealed class Resync
{
    private readonly ClientState _state;
    private readonly ConversationState _conversations;
    private readonly CatchUpTracker _catchUps;
    private readonly ConversationEvents _events;
    private readonly SessionOutput _output;

    public Resync(ClientState state, ConversationState conversations, CatchUpTracker catchUps, ConversationEvents events, SessionOutput output)
    {
        _state = state;
        _conversations = conversations;
        _catchUps = catchUps;
        _events = events;
        _output = output;
    }

    /// <summary>
    /// Logged in again after a lost connection: the rejoins to send, and with an account the pages of
    /// direct messages (and the pending lines, when there is nothing to catch up).
    /// </summary>
    public ResyncStep LoggedInAgain(WelcomeEvent welcome)
    {
        _state.Apply(welcome);
        _output.Show($"* reconnected as {TerminalText.EscapeSingleLine(welcome.Name)}");
        var account = welcome.Account == true ? welcome.Name : null;
        return AfterStep([.. _catchUps.Start([.. _state.JoinedRooms], _conversations, _state.IsIn(ProtocolInfo.Lobby), account)]);
    }

    /// <summary>A history arrived: a page of a catch-up, or an ordinary history to show.</summary>
    public ResyncStep History(HistoryEvent history)
    {
        switch (_catchUps.OnHistory(history))
        {
            case CatchUpStep.NextPage page:
                return new ResyncStep([page.Request], false);
            case CatchUpStep.Finished finished:
                return Done(finished.CatchUp);
            case CatchUpStep.NotMine:
                _events.History(history);
                break;
        }
        return ResyncStep.Nothing;
    }

    /// <summary>A page of direct messages arrived: a page of a catch-up, or an ordinary one to show.</summary>
    public ResyncStep DirectHistory(DirectHistoryEvent history)
    {
        switch (_catchUps.OnDirectHistory(history))
        {
            case CatchUpStep.NextPage page:
                return new ResyncStep([page.Request], false);
            case CatchUpStep.Finished finished:
                return Done(finished.CatchUp);
            default:
                _events.DirectHistory(history);
                return ResyncStep.Nothing;
        }
    }

    /// <summary>
    /// A request was refused: a line it carried is no longer pending (nor sent once caught up), and
    /// when it was a rejoin or a page, its room catches up no further.
    /// </summary>
    public ResyncStep Refused(RequestRef reference)
    {
        _conversations.Acknowledge(reference);
        return CatchUpTracker.IsCatchUpRef(reference) && _catchUps.Refused(reference) is { } abandoned ? Done(abandoned) : ResyncStep.Nothing;
    }

    private ResyncStep Done(ConversationCatchUp catchUp)
    {
        _events.ShowMissed(catchUp);
        return AfterStep([]);
    }

    /// <summary>Once no room is catching up any more, the lines typed meanwhile go out.</summary>
    private ResyncStep AfterStep(List<ClientRequest> requests)
    {
        if (_catchUps.InProgress) return new ResyncStep(requests, false);
        requests.AddRange(_conversations.SendAllPending());
        return new ResyncStep(requests, true);
    }
}
