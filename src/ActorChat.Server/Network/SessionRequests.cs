using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server.Metrics;

namespace ActorChat.Server.Network;

/// <summary>
/// What a session does with each frame it reads, without actors: a frame the
/// <see cref="RequestReader"/> could not take is answered with its error (a flood ends the
/// session); a request goes through the <see cref="RequestGate"/>, then a login or register claims
/// the name (<see cref="SessionLogin"/>), a quit ends the session, a ping is answered, and the
/// rest go to the <see cref="ChatRequestRouter"/>. Each frame's outcome is a
/// <see cref="SessionStep"/>: the session actor writes its reply and changes its state (Become).
/// </summary>
public sealed class SessionRequests(ServerLimits limits, SessionLogin login, ChatRequestRouter router, ChatMetrics metrics)
{
    /// <summary>Handles one frame read in <paramref name="phase"/>.</summary>
    public SessionStep Handle(InboundFrame inbound, SessionPhase phase)
    {
        if (inbound.Error is { } error)
            return new(ErrorOf(error), inbound.Flooding ? SessionNext.Flood : SessionNext.SameState);
        var request = inbound.Request!;
        if (RequestGate.Check(phase, request, limits.MaxTextLength) is not { } refused) return Dispatch(request, phase);
        if (request is LoginRequest or RegisterRequest) metrics.LoginRefusedWith(refused.Code);
        return new(ErrorOf(refused));
    }

    /// <summary>Every request here has passed the gate: names and text are valid.</summary>
    private SessionStep Dispatch(ClientRequest request, SessionPhase phase)
    {
        switch (request)
        {
            case LoginRequest loginRequest:
                return login.Login(loginRequest) is { } refused ? new(ErrorOf(refused)) : new(null, SessionNext.ClaimingName);
            case RegisterRequest register when phase == SessionPhase.AwaitingLogin:
                login.Register(register);
                return new(null, SessionNext.ClaimingName);
            case QuitRequest quit:
                return new(null, SessionNext.Quit, quit.Id);
            case PingRequest ping:
                return new(new PongEvent { Ref = ping.Id });
            default:
                return router.TryRoute(request, login.Name!, login.Account, out var error) && error is not null ? new(ErrorOf(error)) : default;
        }
    }

    /// <summary>The <c>error</c> event that answers with <paramref name="error"/>.</summary>
    public static ErrorEvent ErrorOf(ProtocolError error, int? retryAfter = null) =>
        new(error.Code, error.Message) { Ref = error.Ref, RetryAfter = retryAfter };
}

/// <summary>What a frame changes in the session's state (the session actor's Become).</summary>
public enum SessionNext
{
    /// <summary>Nothing: the next waiting frame is handled in the same state.</summary>
    SameState,

    /// <summary>A login or register claimed a name: the frames after it wait for the answer.</summary>
    ClaimingName,

    /// <summary>A quit: the session says <c>bye quit</c> and closes.</summary>
    Quit,

    /// <summary>One strike too many: the session says <c>bye flood</c> and closes.</summary>
    Flood,
}

/// <summary>
/// One frame's outcome: <paramref name="Reply"/> to write first (none when null), then
/// <paramref name="Next"/>; <paramref name="Ref"/> is the quit's, for its <c>bye</c>.
/// </summary>
public readonly record struct SessionStep(ServerEvent? Reply, SessionNext Next = SessionNext.SameState, RequestRef? Ref = null);
