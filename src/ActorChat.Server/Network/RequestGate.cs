using ActorChat.Messages;
using ActorChat.Messages.Commands;

namespace ActorChat.Server.Network;

/// <summary>Where a session stands in its life (PROTOCOL.md, "Session").</summary>
public enum SessionPhase
{
    /// <summary>Connected; only <c>login</c> is accepted.</summary>
    AwaitingLogin,

    /// <summary>Logged in; everything but <c>login</c> is accepted.</summary>
    Active,
}

/// <summary>
/// The one place that decides whether a request may be handled in the session's
/// current phase, before any handler runs.
/// </summary>
public static class RequestGate
{
    /// <summary>Null when the request may go on; else the error to answer with.</summary>
    public static ProtocolError? Check(SessionPhase phase, ClientRequest request) => (phase, request) switch
    {
        (SessionPhase.AwaitingLogin, LoginRequest) => null,
        (SessionPhase.AwaitingLogin, _) => new(ErrorCodes.NotLoggedIn, "log in first: send {\"type\":\"login\",\"name\":...}", request.Id),
        (SessionPhase.Active, LoginRequest) => new(ErrorCodes.AlreadyLoggedIn, "this connection is already logged in", request.Id),
        _ => null,
    };
}
