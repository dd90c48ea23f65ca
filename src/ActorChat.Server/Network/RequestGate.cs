using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Rules;

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
/// The one place that decides whether a decoded request may be carried out, before any
/// handler runs: is it allowed in the session's phase, and do its names and text follow
/// the rules? Handlers after the gate can take every field as valid.
/// </summary>
public static class RequestGate
{
    /// <summary>Null when the request may go on; else the error to answer with (carrying its id).</summary>
    public static ProtocolError? Check(SessionPhase phase, ClientRequest request, int maxTextLength)
    {
        var error = CheckPhase(phase, request) ?? CheckFields(request, maxTextLength);
        return error is null ? null : new ProtocolError(error.Value.Code, error.Value.Message, request.Id);
    }

    private static (string Code, string Message)? CheckPhase(SessionPhase phase, ClientRequest request) => (phase, request) switch
    {
        (SessionPhase.AwaitingLogin, LoginRequest or RegisterRequest) => null,
        (SessionPhase.AwaitingLogin, _) => (ErrorCodes.NotLoggedIn, "log in first: send {\"type\":\"login\",\"name\":...}"),
        (SessionPhase.Active, LoginRequest) => (ErrorCodes.AlreadyLoggedIn, "this connection is already logged in"),
        _ => null,
    };

    private static (string Code, string Message)? CheckFields(ClientRequest request, int maxTextLength) => request switch
    {
        LoginRequest login => Name(login.Name) ?? Password(login.Password),
        RegisterRequest register => Name(register.Name) ?? Password(register.Password),
        PasswdRequest passwd => Password(passwd.Old) ?? Password(passwd.New),
        DirectHistoryRequest history => Name(history.With),
        SayRequest say => Text(say.Text, maxTextLength) ?? Room(say.Room),
        DmRequest dm => Text(dm.Text, maxTextLength),
        JoinRequest join => Room(join.Room),
        LeaveRequest leave => Room(leave.Room),
        WhoRequest who => Room(who.Room),
        HistoryRequest history => Room(history.Room),
        _ => null,
    };

    private static (string, string)? Name(string name) =>
        NameRules.IsValid(name) ? null : (ErrorCodes.InvalidName, $"a name is {NameRules.Description}");

    /// <summary>Every password field, wherever it is: none outside the length rule is ever checked or hashed.</summary>
    private static (string, string)? Password(Password? password) =>
        password is not null && PasswordRules.Check(password) is { } why ? (ErrorCodes.WeakPassword, why) : null;

    private static (string, string)? Text(string text, int maxTextLength) =>
        TextRules.Check(text, maxTextLength) is { } why ? (ErrorCodes.InvalidText, why) : null;

    private static (string, string)? Room(string room) =>
        NameRules.IsValid(room) ? null : (ErrorCodes.InvalidRoom, $"a room name is {NameRules.Description}");
}
