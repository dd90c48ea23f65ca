using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ActorChat.Tests.Properties;

/// <summary>
/// The PREVIOUS request decoder, kept only as an oracle for <see cref="RequestDecoderOracleProperties"/>;
/// nothing in the product uses it. It is <c>ProtocolSerializer.DecodeRequest</c> as it was before
/// requests were read in one pass: decode the frame to a string, check its syntax with the strict
/// System.Text.Json reader, parse it again into a Newtonsoft <see cref="JObject"/>, read the fields
/// from the tree. Copied unchanged (but for names) so that the new decoder can be held to exactly
/// its observable behaviour. Do not fix or improve it.
/// </summary>
internal static class LegacyRequestDecoder
{
    private const int MaxJsonDepth = ProtocolSerializer.MaxJsonDepth;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

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
                StatsRequest.TypeName => new StatsRequest(), // added with the stats request, after the copy
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
