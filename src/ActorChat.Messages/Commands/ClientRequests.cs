using Newtonsoft.Json;

namespace ActorChat.Messages.Commands;

// Client → server frames (PROTOCOL.md, "Client to server").
// Each record knows its wire "type"; ProtocolSerializer owns how they are read
// and written. Fields a client may not set (from, time) are simply not modelled.

/// <summary>A request a client sends. Any request may carry an <c>id</c>.</summary>
public abstract record ClientRequest
{
    [JsonProperty("type", Order = -2)]
    public abstract string Type { get; }

    [JsonProperty("id", Order = 1, NullValueHandling = NullValueHandling.Ignore)]
    public RequestRef? Id { get; init; }
}

/// <summary><c>{"type":"login","name":N,"password":P?}</c>: a registered name needs its password, a guest name none.</summary>
public sealed record LoginRequest(
    [property: JsonProperty("name")] string Name,
    [property: JsonProperty("password", NullValueHandling = NullValueHandling.Ignore)] Password? Password = null) : ClientRequest
{
    public const string TypeName = "login";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"register","name":N,"password":P}</c>: before login, create an account for a free name and log in with it.</summary>
public sealed record RegisterRequest(
    [property: JsonProperty("name")] string Name,
    [property: JsonProperty("password")] Password Password) : ClientRequest
{
    public const string TypeName = "register";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"passwd","old":P,"new":P}</c>: change the password of the account you are logged in with; answered with <c>ok</c>.</summary>
public sealed record PasswdRequest(
    [property: JsonProperty("old")] Password Old,
    [property: JsonProperty("new")] Password New) : ClientRequest
{
    public const string TypeName = "passwd";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"say","text":T,"room":R?}</c>, room defaults to lobby.</summary>
public sealed record SayRequest(
    [property: JsonProperty("text")] string Text,
    [property: JsonProperty("room")] string Room = ProtocolInfo.Lobby) : ClientRequest
{
    public const string TypeName = "say";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"dm","to":N,"text":T}</c></summary>
public sealed record DmRequest(
    [property: JsonProperty("to")] string To,
    [property: JsonProperty("text")] string Text) : ClientRequest
{
    public const string TypeName = "dm";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"join","room":R}</c></summary>
public sealed record JoinRequest([property: JsonProperty("room")] string Room) : ClientRequest
{
    public const string TypeName = "join";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"leave","room":R}</c></summary>
public sealed record LeaveRequest([property: JsonProperty("room")] string Room) : ClientRequest
{
    public const string TypeName = "leave";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"who","room":R?}</c>, room defaults to lobby.</summary>
public sealed record WhoRequest([property: JsonProperty("room")] string Room = ProtocolInfo.Lobby) : ClientRequest
{
    public const string TypeName = "who";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"rooms"}</c></summary>
public sealed record RoomsRequest : ClientRequest
{
    public const string TypeName = "rooms";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"history","room":R,"before":ID?,"limit":N?}</c></summary>
public sealed record HistoryRequest(
    [property: JsonProperty("room")] string Room,
    [property: JsonProperty("before", NullValueHandling = NullValueHandling.Ignore)] long? Before = null,
    [property: JsonProperty("limit")] int Limit = ProtocolInfo.DefaultHistoryLimit) : ClientRequest
{
    public const string TypeName = "history";
    public override string Type => TypeName;
}

/// <summary>
/// <c>{"type":"history","with":N,"before":ID?,"limit":N?}</c>: a page of your direct messages with
/// one user (account holders only). The same wire type as <see cref="HistoryRequest"/>; the
/// field <c>with</c> instead of <c>room</c> makes it this one.
/// </summary>
public sealed record DirectHistoryRequest(
    [property: JsonProperty("with")] string With,
    [property: JsonProperty("before", NullValueHandling = NullValueHandling.Ignore)] long? Before = null,
    [property: JsonProperty("limit")] int Limit = ProtocolInfo.DefaultHistoryLimit) : ClientRequest
{
    public const string TypeName = HistoryRequest.TypeName;
    public override string Type => TypeName;
}

/// <summary><c>{"type":"ping"}</c></summary>
public sealed record PingRequest : ClientRequest
{
    public const string TypeName = "ping";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"quit","reason":R?}</c></summary>
public sealed record QuitRequest(
    [property: JsonProperty("reason", NullValueHandling = NullValueHandling.Ignore)] string? Reason = null) : ClientRequest
{
    public const string TypeName = "quit";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"stats"}</c>: the server's counts (ActorChat addition, like IRC's LUSERS).</summary>
public sealed record StatsRequest : ClientRequest
{
    public const string TypeName = "stats";
    public override string Type => TypeName;
}
