using System.Text;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ActorChat.Messages;

/// <summary>
/// The one place that turns protocol records into frames and frames into records.
/// It owns the Newtonsoft settings; nothing else in ActorChat configures JSON.
/// </summary>
/// <remarks>
/// Requests are read strictly, field by field, because the server must answer every
/// malformed request with the exact error code (bad_json, bad_request, unknown_type).
/// Events are read leniently through Newtonsoft's binder: a client should tolerate a
/// newer server that adds fields.
/// </remarks>
public static class ProtocolSerializer
{
    /// <summary>Deepest JSON nesting accepted in a frame; no request needs more than 2.</summary>
    public const int MaxJsonDepth = 16;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>How a <c>time</c> is written: UTC to the millisecond, <c>2026-11-25T11:02:03.123Z</c>.</summary>
    public const string TimeFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    public static readonly JsonSerializerSettings Settings = new()
    {
        DateFormatString = TimeFormat,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        DateParseHandling = DateParseHandling.None,
        Formatting = Formatting.None,
        MaxDepth = MaxJsonDepth,
        NullValueHandling = NullValueHandling.Include,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    };

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    private static readonly Dictionary<string, Type> EventTypes = new()
    {
        [WelcomeEvent.TypeName] = typeof(WelcomeEvent),
        [ChatMessage.TypeName] = typeof(ChatMessage),
        [JoinedEvent.TypeName] = typeof(JoinedEvent),
        [LeftEvent.TypeName] = typeof(LeftEvent),
        [HistoryEvent.TypeName] = typeof(HistoryEvent),
        [WhoEvent.TypeName] = typeof(WhoEvent),
        [RoomsEvent.TypeName] = typeof(RoomsEvent),
        [PongEvent.TypeName] = typeof(PongEvent),
        [ErrorEvent.TypeName] = typeof(ErrorEvent),
        [ByeEvent.TypeName] = typeof(ByeEvent),
        [StatsEvent.TypeName] = typeof(StatsEvent),
    };

    // ---- writing --------------------------------------------------------------------

    /// <summary>One event as a complete frame: compact UTF-8 JSON followed by LF.</summary>
    public static byte[] EncodeEvent(ServerEvent message) =>
        message is ChatMessage chat ? MessageFrameWriter.Encode(chat) : EncodeFrame(message);

    /// <summary>One request as a complete frame: compact UTF-8 JSON followed by LF.</summary>
    public static byte[] EncodeRequest(ClientRequest request) => EncodeFrame(request);

    /// <summary>The JSON text of a message without the LF (for logs and tests).</summary>
    public static string ToJson(object message)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Serializer.Serialize(writer, message);
        return writer.ToString();
    }

    private static byte[] EncodeFrame(object message)
    {
        // JSON escapes every control character inside strings, so the only raw LF
        // in the output is the frame terminator added here.
        var json = ToJson(message);
        var bytes = new byte[Encoding.UTF8.GetByteCount(json) + 1];
        Encoding.UTF8.GetBytes(json, 0, json.Length, bytes, 0);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    // ---- reading requests (server side) -------------------------------------------

    /// <summary>
    /// Reads one frame (without its LF) as a request. Never throws: every failure is a
    /// <see cref="ProtocolError"/> carrying the frame's id when it had a valid one.
    /// </summary>
    public static DecodeResult<ClientRequest> DecodeRequest(ReadOnlySpan<byte> frame)
    {
        var parsed = ParseObject(frame);
        if (parsed.Error is not null) return new(null, parsed.Error);
        var obj = parsed.Value!;

        // id first, so every later error can carry it as ref.
        RequestRef? id = null;
        if (obj.TryGetValue("id", out var idToken) && idToken.Type != JTokenType.Null)
        {
            switch (idToken.Type)
            {
                case JTokenType.String when CharacterCount((string)idToken!) <= ProtocolInfo.MaxRequestIdLength:
                    id = RequestRef.Of((string)idToken!);
                    break;
                case JTokenType.Integer when idToken is JValue { Value: long number }:
                    id = RequestRef.Of(number);
                    break;
                default:
                    return DecodeResult<ClientRequest>.Fail(ErrorCodes.BadRequest,
                        $"\"id\" must be a string of at most {ProtocolInfo.MaxRequestIdLength} characters or a 64-bit integer");
            }
        }

        if (!obj.TryGetValue("type", out var typeToken) || typeToken.Type != JTokenType.String)
            return DecodeResult<ClientRequest>.Fail(ErrorCodes.BadRequest, "a request needs a string field \"type\"", id);

        var fields = new RequestFields(obj);
        ClientRequest? request;
        try
        {
            request = (string)typeToken! switch
            {
                LoginRequest.TypeName => new LoginRequest(fields.RequiredString("name")),
                SayRequest.TypeName => new SayRequest(fields.RequiredString("text"), fields.OptionalString("room") ?? ProtocolInfo.Lobby),
                DmRequest.TypeName => new DmRequest(fields.RequiredString("to"), fields.RequiredString("text")),
                JoinRequest.TypeName => new JoinRequest(fields.RequiredString("room")),
                LeaveRequest.TypeName => new LeaveRequest(fields.RequiredString("room")),
                WhoRequest.TypeName => new WhoRequest(fields.OptionalString("room") ?? ProtocolInfo.Lobby),
                RoomsRequest.TypeName => new RoomsRequest(),
                HistoryRequest.TypeName => new HistoryRequest(
                    fields.RequiredString("room"),
                    fields.OptionalInteger("before"),
                    // Any limit from 1 up is valid (the server clamps it to MaxHistoryLimit);
                    // one beyond int saturates rather than failing.
                    (int)Math.Min(fields.OptionalInteger("limit", 1) ?? ProtocolInfo.DefaultHistoryLimit, int.MaxValue)),
                PingRequest.TypeName => new PingRequest(),
                QuitRequest.TypeName => new QuitRequest(fields.OptionalString("reason")),
                StatsRequest.TypeName => new StatsRequest(),
                _ => null,
            };
        }
        catch (BadFieldException e)
        {
            return DecodeResult<ClientRequest>.Fail(ErrorCodes.BadRequest, e.Message, id);
        }

        return request is null
            ? DecodeResult<ClientRequest>.Fail(ErrorCodes.UnknownType, $"unknown request type \"{Truncate((string)typeToken!)}\"", id)
            : DecodeResult<ClientRequest>.Ok(request with { Id = id });
    }

    // ---- reading events (client side) ---------------------------------------------

    /// <summary>Reads one frame (without its LF) as a server event. Never throws.</summary>
    public static DecodeResult<ServerEvent> DecodeEvent(ReadOnlySpan<byte> frame)
    {
        var parsed = ParseObject(frame);
        if (parsed.Error is not null) return new(null, parsed.Error);
        var obj = parsed.Value!;

        if (obj["type"] is not JValue { Type: JTokenType.String, Value: string type })
            return DecodeResult<ServerEvent>.Fail(ErrorCodes.BadRequest, "an event needs a string field \"type\"");
        if (!EventTypes.TryGetValue(type, out var clrType))
            return DecodeResult<ServerEvent>.Fail(ErrorCodes.UnknownType, $"unknown event type \"{Truncate(type)}\"");

        try
        {
            var value = (ServerEvent?)obj.ToObject(clrType, Serializer);
            return value is null
                ? DecodeResult<ServerEvent>.Fail(ErrorCodes.BadRequest, $"empty \"{type}\" event")
                : DecodeResult<ServerEvent>.Ok(value);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidCastException)
        {
            return DecodeResult<ServerEvent>.Fail(ErrorCodes.BadRequest, $"malformed \"{type}\" event: {e.Message}");
        }
    }

    // ---- shared ---------------------------------------------------------------------

    private static DecodeResult<JObject> ParseObject(ReadOnlySpan<byte> frame)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(frame);
        }
        catch (DecoderFallbackException)
        {
            return DecodeResult<JObject>.Fail(ErrorCodes.BadJson, "the frame is not valid UTF-8");
        }

        // Newtonsoft's reader is lenient: it takes single quotes, unquoted names, comments,
        // trailing commas, NaN, hex numbers and more. The protocol says JSON, so the syntax
        // is checked first by the strict RFC 8259 reader of System.Text.Json.
        var syntaxError = CheckStrictJson(frame);
        if (syntaxError is not null)
            return DecodeResult<JObject>.Fail(ErrorCodes.BadJson, "the frame is not valid JSON: " + Truncate(syntaxError, 120));

        try
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                DateParseHandling = DateParseHandling.None,
                // Double, not Decimal: a valid but huge number such as 1e400 in an
                // unknown field must not fail the frame (decimal overflows and throws).
                // No request field takes a fraction, so precision does not matter.
                FloatParseHandling = FloatParseHandling.Double,
                MaxDepth = MaxJsonDepth,
            };
            var token = JToken.ReadFrom(reader);
            if (reader.Read())
                return DecodeResult<JObject>.Fail(ErrorCodes.BadJson, "the frame holds more than one JSON value");
            return token is JObject obj
                ? DecodeResult<JObject>.Ok(obj)
                : DecodeResult<JObject>.Fail(ErrorCodes.BadJson, "a frame must be a JSON object");
        }
        catch (Exception e) when (e is JsonException or OverflowException or FormatException or InvalidOperationException)
        {
            return DecodeResult<JObject>.Fail(ErrorCodes.BadJson, "the frame is not valid JSON: " + Truncate(e.Message, 120));
        }
    }

    /// <summary>Null when the frame is exactly one syntactically valid JSON value (RFC 8259), else why not.</summary>
    private static string? CheckStrictJson(ReadOnlySpan<byte> frame)
    {
        var reader = new System.Text.Json.Utf8JsonReader(frame, new System.Text.Json.JsonReaderOptions
        {
            AllowTrailingCommas = false,
            CommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
            MaxDepth = MaxJsonDepth,
        });
        try
        {
            while (reader.Read())
            {
            }
            return null;
        }
        catch (System.Text.Json.JsonException e)
        {
            return e.Message;
        }
    }

    /// <summary>Characters as the protocol counts them: Unicode scalar values, not UTF-16 code units.</summary>
    private static int CharacterCount(string s)
    {
        var count = 0;
        foreach (var _ in s.EnumerateRunes()) count++;
        return count;
    }

    private static string Truncate(string s, int max = 40) => s.Length <= max ? s : s[..max] + "…";

    private sealed class BadFieldException(string message) : Exception(message);

    /// <summary>Strict typed access to a request's fields: a wrong type is bad_request.</summary>
    private readonly struct RequestFields(JObject obj)
    {
        public string RequiredString(string name) =>
            OptionalString(name) ?? throw new BadFieldException($"missing string field \"{name}\"");

        public string? OptionalString(string name) =>
            obj.TryGetValue(name, out var token) && token.Type != JTokenType.Null
                ? token.Type == JTokenType.String ? (string)token! : throw new BadFieldException($"field \"{name}\" must be a string")
                : null;

        public long? OptionalInteger(string name, long min = long.MinValue, long max = long.MaxValue)
        {
            if (!obj.TryGetValue(name, out var token) || token.Type == JTokenType.Null) return null;
            if (token is JValue { Type: JTokenType.Integer, Value: long value } && value >= min && value <= max) return value;
            throw new BadFieldException(min == long.MinValue
                ? $"field \"{name}\" must be an integer"
                : $"field \"{name}\" must be an integer from {min}");
        }
    }
}
