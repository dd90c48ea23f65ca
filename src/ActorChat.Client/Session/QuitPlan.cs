using ActorChat.Messages.Commands;

namespace ActorChat.Client.Session;

/// <summary>
/// A quit the user asked for: <c>quit</c> goes at once, or after the lines typed while away (once
/// every room caught up and they are sent), or, offline with nothing left to send, the session
/// just ends. Nothing typed is lost to a quit.
/// </summary>
/// <remarks>Plain state and decisions (<see cref="ConnectionLifecycle.Quit"/>); it returns what to send instead of sending.</remarks>
public sealed class QuitPlan
{
    private readonly ConnectionLifecycle _link;
    private readonly CatchUpTracker _catchUps;
    private readonly ConversationState _conversations;
    private readonly bool _reconnect;
    private bool _afterPending;

    /// <param name="reconnect">The session reconnects, and so keeps lines typed while away (<see cref="SessionSettings.Reconnect"/>).</param>
    public QuitPlan(ConnectionLifecycle link, CatchUpTracker catchUps, ConversationState conversations, bool reconnect)
    {
        _link = link;
        _catchUps = catchUps;
        _conversations = conversations;
        _reconnect = reconnect;
    }

    /// <summary>The user asked to quit (<c>/quit</c>, or the end of input once logged in).</summary>
    public SessionStep Asked()
    {
        switch (_link.Quit(_reconnect, _catchUps.InProgress, _conversations.Pending.Count))
        {
            case QuitStep.ByeNow:
                return SessionStep.Ending(SessionEnding.Bye);
            case QuitStep.AfterPending:
                _afterPending = true;
                return SessionStep.Nothing;
            default:
                _afterPending = false;
                return new SessionStep([new QuitRequest()], SendsQuit: true);
        }
    }

    /// <summary>What a step of the resync asks to send; once it caught up, a quit that waited for the pending lines goes after them.</summary>
    public SessionStep Resynced(ResyncStep step) =>
        step.CaughtUp && _afterPending ? Asked().After(step.ToSend) : new SessionStep(step.ToSend);
}
