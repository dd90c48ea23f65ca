using Newtonsoft.Json;

namespace ActorChat.Messages.Events;

// Server → client frames (PROTOCOL.md, "Server to client").
// Every event may carry "ref": the id of the request it directly answers.

/// <summary>An event the server sends.</summary>
public abstract record ServerEvent
{
    [JsonProperty("type", Order = -2)]
    public abstract string Type { get; }

    [JsonProperty("ref", Order = 1, NullValueHandling = NullValueHandling.Ignore)]
    public RequestRef? Ref { get; init; }
}

/// <summary><c>{"type":"welcome","name","protocol","server","motd"?,"account"?}</c></summary>
public sealed record WelcomeEvent(
    [property: JsonProperty("name")] string Name,
    [property: JsonProperty("protocol")] int Protocol,
    [property: JsonProperty("server")] string Server,
    [property: JsonProperty("motd", NullValueHandling = NullValueHandling.Ignore)] string? Motd = null) : ServerEvent
{
    /// <summary>Version 2: true when the name is registered to an account, false for a guest (absent from a version 1 server).</summary>
    [JsonProperty("account", NullValueHandling = NullValueHandling.Ignore)]
    public bool? Account { get; init; }

    public const string TypeName = "welcome";
    public override string Type => TypeName;
}

/// <summary>
/// <c>{"type":"message","id","room"|"to","from","text","time","ref"?}</c>: a room post
/// (<see cref="Room"/> set) or a direct message (<see cref="To"/> set).
/// Also the element type of <see cref="HistoryEvent.Messages"/>.
/// </summary>
public sealed record ChatMessage(
    [property: JsonProperty("id")] long Id,
    [property: JsonProperty("room", NullValueHandling = NullValueHandling.Ignore)] string? Room,
    [property: JsonProperty("to", NullValueHandling = NullValueHandling.Ignore)] string? To,
    [property: JsonProperty("from")] string From,
    [property: JsonProperty("text")] string Text,
    [property: JsonProperty("time")] DateTime Time) : ServerEvent
{
    public const string TypeName = "message";
    public override string Type => TypeName;

    public static ChatMessage InRoom(long id, string room, string from, string text, DateTime time) =>
        new(id, room, null, from, text, time);

    public static ChatMessage Direct(long id, string to, string from, string text, DateTime time) =>
        new(id, null, to, from, text, time);

    [JsonIgnore]
    public bool IsDirect => To is not null;
}

/// <summary><c>{"type":"joined","room","name","members":count}</c></summary>
public sealed record JoinedEvent(
    [property: JsonProperty("room")] string Room,
    [property: JsonProperty("name")] string Name,
    [property: JsonProperty("members")] int Members) : ServerEvent
{
    public const string TypeName = "joined";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"left","room","name","members":count,"reason"}</c></summary>
public sealed record LeftEvent(
    [property: JsonProperty("room")] string Room,
    [property: JsonProperty("name")] string Name,
    [property: JsonProperty("members")] int Members,
    [property: JsonProperty("reason")] string Reason) : ServerEvent
{
    public const string TypeName = "left";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"history","room","messages":[message...]}</c>, oldest first.</summary>
public sealed record HistoryEvent(
    [property: JsonProperty("room")] string Room,
    [property: JsonProperty("messages")] IReadOnlyList<ChatMessage> Messages) : ServerEvent
{
    public const string TypeName = "history";
    public override string Type => TypeName;

    public bool Equals(HistoryEvent? other) =>
        other is not null && base.Equals(other) && Room == other.Room && Messages.SequenceEqual(other.Messages);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Room, Messages.Count);
}

/// <summary>
/// <c>{"type":"history","with","messages":[message...]}</c>, oldest first: a page of direct messages
/// with one user, the answer to <c>history</c> with <c>with</c>. The same wire type as
/// <see cref="HistoryEvent"/>; the field <c>with</c> instead of <c>room</c> makes it this one.
/// </summary>
public sealed record DirectHistoryEvent(
    [property: JsonProperty("with")] string With,
    [property: JsonProperty("messages")] IReadOnlyList<ChatMessage> Messages) : ServerEvent
{
    public const string TypeName = HistoryEvent.TypeName;
    public override string Type => TypeName;

    public bool Equals(DirectHistoryEvent? other) =>
        other is not null && base.Equals(other) && With == other.With && Messages.SequenceEqual(other.Messages);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), With, Messages.Count);
}

/// <summary><c>{"type":"ok","ref"}</c>: the answer to a request that has nothing else to say (<c>passwd</c>).</summary>
public sealed record OkEvent : ServerEvent
{
    public const string TypeName = "ok";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"who","room","members":[names]}</c></summary>
public sealed record WhoEvent(
    [property: JsonProperty("room")] string Room,
    [property: JsonProperty("members")] IReadOnlyList<string> Members) : ServerEvent
{
    public const string TypeName = "who";
    public override string Type => TypeName;

    public bool Equals(WhoEvent? other) =>
        other is not null && base.Equals(other) && Room == other.Room && Members.SequenceEqual(other.Members);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Room, Members.Count);
}

/// <summary>One entry of <see cref="RoomsEvent"/>: <c>{"name","members":count}</c>.</summary>
public sealed record RoomSummary(
    [property: JsonProperty("name")] string Name,
    [property: JsonProperty("members")] int Members);

/// <summary><c>{"type":"rooms","rooms":[{"name","members"}...]}</c></summary>
public sealed record RoomsEvent([property: JsonProperty("rooms")] IReadOnlyList<RoomSummary> Rooms) : ServerEvent
{
    public const string TypeName = "rooms";
    public override string Type => TypeName;

    public bool Equals(RoomsEvent? other) =>
        other is not null && base.Equals(other) && Rooms.SequenceEqual(other.Rooms);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Rooms.Count);
}

/// <summary><c>{"type":"pong"}</c></summary>
public sealed record PongEvent : ServerEvent
{
    public const string TypeName = "pong";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"error","code","message","ref"?}</c>; codes in <see cref="ErrorCodes"/>.</summary>
public sealed record ErrorEvent(
    [property: JsonProperty("code")] string Code,
    [property: JsonProperty("message")] string Message) : ServerEvent
{
    /// <summary>With <c>too_many_attempts</c>: whole seconds (at least 1) before another attempt can be checked.</summary>
    [JsonProperty("retry_after", NullValueHandling = NullValueHandling.Ignore)]
    public int? RetryAfter { get; init; }

    public const string TypeName = "error";
    public override string Type => TypeName;
}

/// <summary><c>{"type":"bye","reason"}</c>; reasons in <see cref="ByeReasons"/>.</summary>
public sealed record ByeEvent([property: JsonProperty("reason")] string Reason) : ServerEvent
{
    public const string TypeName = "bye";
    public override string Type => TypeName;
}

/// <summary>
/// <c>{"type":"stats","sessions","users","rooms","conversations"}</c>, the answer to <c>stats</c>
/// (ActorChat addition): open connections, logged-in users, live rooms (the lobby included) and
/// live direct conversations.
/// </summary>
public sealed record StatsEvent(
    [property: JsonProperty("sessions")] int Sessions,
    [property: JsonProperty("users")] int Users,
    [property: JsonProperty("rooms")] int Rooms,
    [property: JsonProperty("conversations")] int Conversations) : ServerEvent
{
    /// <summary>
    /// ActorChat addition, cluster nodes only: broadcasts this node has received from rooms running on
    /// other nodes since it started (each written here to all of the room's members on this node).
    /// </summary>
    [JsonProperty("remote_batches", NullValueHandling = NullValueHandling.Ignore)]
    public long? RemoteBatches { get; init; }

    public const string TypeName = "stats";
    public override string Type => TypeName;
}
