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
/// malformed request with the exact error code (bad_json, bad_request, unknown_type); they
/// are the server's hot path, so <see cref="RequestDecoder"/> reads them in one pass of the
/// strict System.Text.Json reader over the frame's bytes, without Newtonsoft or a tree.
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

    /// <summary>
    /// The strict RFC 8259 reader every frame is checked with (no comments, no trailing
    /// commas, at most <see cref="MaxJsonDepth"/> levels): requests are read with it, events
    /// are checked with it before Newtonsoft, which is lenient, reads them.
    /// </summary>
    internal static readonly System.Text.Json.JsonReaderOptions StrictJson = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
        MaxDepth = MaxJsonDepth,
    };

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
        [OkEvent.TypeName] = typeof(OkEvent),
    };

    // ---- writing --------------------------------------------------------------------

    /// <summary>One event as a complete frame: compact UTF-8 JSON followed by LF.</summary>
    public static byte[] EncodeEvent(ServerEvent message) =>
        message is ChatMessage chat ? MessageFrameWriter.Encode(chat) : EncodeFrame(message);

    /// <summary>
    /// A <c>message</c> frame from <see cref="EncodeEvent"/> (without ref) as its sender's copy, with
    /// <c>ref</c>: byte for byte <c>EncodeEvent(message with { Ref = reference })</c>, without encoding twice.
    /// </summary>
    public static byte[] WithRef(byte[] messageFrame, RequestRef reference) => MessageFrameWriter.WithRef(messageFrame, reference);

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
    public static DecodeResult<ClientRequest> DecodeRequest(ReadOnlySpan<byte> frame) => RequestDecoder.Decode(frame);

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
        // A history of direct messages says "with" where a room's says "room" (version 2).
        if (clrType == typeof(HistoryEvent) && obj["with"] is JValue { Type: JTokenType.String }) clrType = typeof(DirectHistoryEvent);

        try
        {
            var value = (ServerEvent?)obj.ToObject(clrType, Serializer);
            return value is null
                ? DecodeResult<ServerEvent>.Fail(ErrorCodes.BadRequest, $"empty \"{type}\" event")
                : DecodeResult<ServerEvent>.Ok(value);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return DecodeResult<ServerEvent>.Fail(ErrorCodes.BadRequest, $"malformed \"{type}\" event: {e.Message}");
        }
    }

    // ---- the event reader's parsing (requests have their own one-pass reader) -----------

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
                // No event field takes a fraction, so precision does not matter.
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
        var reader = new System.Text.Json.Utf8JsonReader(frame, StrictJson);
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

    internal static string Truncate(string s, int max = 40) => s.Length <= max ? s : s[..max] + "…";
}
