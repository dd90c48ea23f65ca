using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using ActorChat.Messages.Commands;

namespace ActorChat.Messages;

/// <summary>
/// Reads a request frame in one forward pass of the strict RFC 8259 reader of System.Text.Json
/// (no comments, no trailing commas, at most <see cref="ProtocolSerializer.MaxJsonDepth"/> levels),
/// straight from the frame's bytes: no string of the whole frame, no tree. The entry point is
/// <see cref="ProtocolSerializer.DecodeRequest"/>.
/// </summary>
/// <remarks>
/// The top-level fields are collected first (the last of a repeated name counts) and checked
/// after the whole frame has been read, so every answer is the one the frame as a whole
/// deserves, in this order: not UTF-8, then not JSON, then not an object (all <c>bad_json</c>);
/// a bad <c>id</c>; a missing <c>type</c>; the fields of that type in the record's order
/// (<c>bad_request</c>); an unknown type. Errors after a valid id carry it as ref, wherever
/// the id was in the frame.
/// <para>
/// The reader checks syntax but not the UTF-8 inside strings and names (its <c>GetString</c>
/// throws later instead), so every string and name is checked as it passes, skipped ones
/// too. Strings are unescaped here rather than by <c>GetString</c>, which throws on an
/// escaped lone surrogate; Newtonsoft, which read requests before, made it U+FFFD.
/// </para>
/// </remarks>
internal static class RequestDecoder
{
    private static readonly string[] TypeNames =
    [
        LoginRequest.TypeName, RegisterRequest.TypeName, PasswdRequest.TypeName, SayRequest.TypeName, DmRequest.TypeName, JoinRequest.TypeName, LeaveRequest.TypeName,
        WhoRequest.TypeName, RoomsRequest.TypeName, HistoryRequest.TypeName, PingRequest.TypeName, QuitRequest.TypeName, StatsRequest.TypeName,
    ];

    private static readonly byte[][] TypeNamesUtf8 = TypeNames.Select(Encoding.UTF8.GetBytes).ToArray();

    private static readonly DecodeResult<ClientRequest> NotUtf8 =
        DecodeResult<ClientRequest>.Fail(ErrorCodes.BadJson, "the frame is not valid UTF-8");

    public static DecodeResult<ClientRequest> Decode(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame, ProtocolSerializer.StrictJson);
        var fields = new Fields();
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject) return NotAnObject(ref reader, frame);

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = FieldOf(ref reader, out var nameIsUtf8);
                if (!nameIsUtf8) return NotUtf8;
                reader.Read();
                if (!TryReadValue(ref reader, field, out var value)) return NotUtf8;
                fields.Set(field, value);
            }

            // After the object only white space may follow; the reader throws on anything else.
            if (reader.Read()) return DecodeResult<ClientRequest>.Fail(ErrorCodes.BadJson, "the frame holds more than one JSON value");
        }
        catch (JsonException e)
        {
            // Bytes that are not UTF-8 are the first thing wrong with a frame, wherever they are.
            return Utf8.IsValid(frame)
                ? DecodeResult<ClientRequest>.Fail(ErrorCodes.BadJson, "the frame is not valid JSON: " + ProtocolSerializer.Truncate(e.Message, 120))
                : NotUtf8;
        }
        return fields.Build();
    }

    /// <summary>The frame is one value but not an object: its syntax and UTF-8 still decide which bad_json.</summary>
    private static DecodeResult<ClientRequest> NotAnObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> frame)
    {
        reader.Skip();
        reader.Read();
        return Utf8.IsValid(frame) ? DecodeResult<ClientRequest>.Fail(ErrorCodes.BadJson, "a frame must be a JSON object") : NotUtf8;
    }

    // ---- one field ----------------------------------------------------------------------

    private enum Field { Other, Type, Id, Name, Text, Room, To, Before, Limit, Reason, Password, Old, New, With }

    private enum Kind : byte { Absent, Null, String, Integer, Other }

    /// <summary>A top-level field as read: a string, a 64-bit integer, null, or something else (skipped).</summary>
    private readonly record struct Value(Kind Kind, string? Text = null, long Number = 0);

    private static Field FieldOf(ref Utf8JsonReader reader, out bool isUtf8)
    {
        isUtf8 = true;
        if (!reader.ValueIsEscaped)
        {
            var field = FieldOf(reader.ValueSpan);
            if (field == Field.Other) isUtf8 = Utf8.IsValid(reader.ValueSpan);
            return field;
        }
        // Rare: an escaped name such as "\u0074ype" means "type".
        var name = Unescape(reader.ValueSpan);
        isUtf8 = name is not null;
        return name is null ? Field.Other : FieldOf(Encoding.UTF8.GetBytes(name));
    }

    private static Field FieldOf(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("type"u8) ? Field.Type
        : name.SequenceEqual("id"u8) ? Field.Id
        : name.SequenceEqual("text"u8) ? Field.Text
        : name.SequenceEqual("room"u8) ? Field.Room
        : name.SequenceEqual("name"u8) ? Field.Name
        : name.SequenceEqual("to"u8) ? Field.To
        : name.SequenceEqual("before"u8) ? Field.Before
        : name.SequenceEqual("limit"u8) ? Field.Limit
        : name.SequenceEqual("reason"u8) ? Field.Reason
        : name.SequenceEqual("password"u8) ? Field.Password
        : name.SequenceEqual("old"u8) ? Field.Old
        : name.SequenceEqual("new"u8) ? Field.New
        : name.SequenceEqual("with"u8) ? Field.With
        : Field.Other;

    /// <summary>Reads the value the reader is at; false when a string in it is not UTF-8.</summary>
    private static bool TryReadValue(ref Utf8JsonReader reader, Field field, out Value value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when field == Field.Other:
                value = new(Kind.String);
                return Utf8.IsValid(reader.ValueSpan);
            case JsonTokenType.String:
                var text = field == Field.Type ? TypeName(ref reader) : ReadString(ref reader);
                value = new(Kind.String, text);
                return text is not null;
            case JsonTokenType.Number:
                // Only a 64-bit integer is an integer: 1.0, 1e3 and 9223372036854775808 are not.
                value = reader.TryGetInt64(out var number) ? new(Kind.Integer, Number: number) : new(Kind.Other);
                return true;
            case JsonTokenType.Null:
                value = new(Kind.Null);
                return true;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                value = new(Kind.Other);
                return TrySkip(ref reader);
            default: // true, false
                value = new(Kind.Other);
                return true;
        }
    }

    /// <summary>Skips the object or array the reader is at; false when a string or name in it is not UTF-8.</summary>
    private static bool TrySkip(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !Utf8.IsValid(reader.ValueSpan))
                return false;
        }
        return true;
    }

    /// <summary>A known type as its constant (no allocation); any other as a new string; null when not UTF-8.</summary>
    private static string? TypeName(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            var unescaped = Unescape(reader.ValueSpan);
            var index = unescaped is null ? -1 : Array.IndexOf(TypeNames, unescaped);
            return index < 0 ? unescaped : TypeNames[index];
        }
        for (var i = 0; i < TypeNamesUtf8.Length; i++)
        {
            if (reader.ValueSpan.SequenceEqual(TypeNamesUtf8[i])) return TypeNames[i];
        }
        return ReadString(ref reader);
    }

    /// <summary>The string the reader is at, unescaped; null when it is not UTF-8.</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (reader.ValueIsEscaped) return Unescape(raw);
        if (raw.SequenceEqual("lobby"u8)) return ProtocolInfo.Lobby;
        return Utf8.IsValid(raw) ? Encoding.UTF8.GetString(raw) : null;
    }

    /// <summary>
    /// Unescapes a JSON string whose escapes the reader has already checked; null when its raw
    /// bytes are not UTF-8. An escaped surrogate without its other half becomes U+FFFD, as
    /// Newtonsoft reads it (System.Text.Json's own GetString throws instead).
    /// </summary>
    private static string? Unescape(ReadOnlySpan<byte> raw)
    {
        // The text is never longer in UTF-16 code units than its escaped UTF-8 bytes.
        char[]? rented = null;
        Span<char> buffer = raw.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            var written = 0;
            while (true)
            {
                var backslash = raw.IndexOf((byte)'\\');
                var plain = backslash < 0 ? raw : raw[..backslash];
                if (Utf8.ToUtf16(plain, buffer[written..], out _, out var chars, replaceInvalidSequences: false) != OperationStatus.Done)
                    return null;
                written += chars;
                if (backslash < 0) return new string(buffer[..written]);

                raw = raw[backslash..];
                if (raw[1] != (byte)'u')
                {
                    buffer[written++] = raw[1] switch
                    {
                        (byte)'b' => '\b',
                        (byte)'f' => '\f',
                        (byte)'n' => '\n',
                        (byte)'r' => '\r',
                        (byte)'t' => '\t',
                        var c => (char)c, // '"', '\\', '/'
                    };
                    raw = raw[2..];
                    continue;
                }

                var unit = Hex4(raw[2..6]);
                raw = raw[6..];
                if (char.IsHighSurrogate(unit) && raw.Length >= 6 && raw[0] == (byte)'\\' && raw[1] == (byte)'u' && char.IsLowSurrogate(Hex4(raw[2..6])))
                {
                    buffer[written++] = unit;
                    buffer[written++] = Hex4(raw[2..6]);
                    raw = raw[6..];
                }
                else
                {
                    buffer[written++] = char.IsSurrogate(unit) ? '\uFFFD' : unit;
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static char Hex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var b in hex) value = (value << 4) | (b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10);
        return (char)value;
    }

    /// <summary>Characters as the protocol counts them: Unicode scalar values, not UTF-16 code units.</summary>
    private static int CharacterCount(string s)
    {
        var count = 0;
        foreach (var _ in s.EnumerateRunes()) count++;
        return count;
    }

    // ---- the request --------------------------------------------------------------------

    /// <summary>The top-level fields a request may use, then the request they make.</summary>
    private struct Fields
    {
        private Value type, id, name, text, room, to, before, limit, reason, password, old, @new, with;
        private string? error;

        public void Set(Field field, Value value)
        {
            switch (field)
            {
                case Field.Type: type = value; break;
                case Field.Id: id = value; break;
                case Field.Name: name = value; break;
                case Field.Text: text = value; break;
                case Field.Room: room = value; break;
                case Field.To: to = value; break;
                case Field.Before: before = value; break;
                case Field.Limit: limit = value; break;
                case Field.Reason: reason = value; break;
                case Field.Password: password = value; break;
                case Field.Old: old = value; break;
                case Field.New: @new = value; break;
                case Field.With: with = value; break;
            }
        }

        public DecodeResult<ClientRequest> Build()
        {
            RequestRef? requestId = null;
            switch (id.Kind)
            {
                case Kind.Absent or Kind.Null:
                    break;
                case Kind.String when CharacterCount(id.Text!) <= ProtocolInfo.MaxRequestIdLength:
                    requestId = RequestRef.Of(id.Text!);
                    break;
                case Kind.Integer:
                    requestId = RequestRef.Of(id.Number);
                    break;
                default:
                    return DecodeResult<ClientRequest>.Fail(ErrorCodes.BadRequest,
                        $"\"id\" must be a string of at most {ProtocolInfo.MaxRequestIdLength} characters or a 64-bit integer");
            }

            if (type.Kind != Kind.String)
                return DecodeResult<ClientRequest>.Fail(ErrorCodes.BadRequest, "a request needs a string field \"type\"", requestId);

            // The fields are checked in the record's order; the first wrong one is the answer.
            ClientRequest? request = type.Text switch
            {
                LoginRequest.TypeName => new LoginRequest(RequiredString(name, "name"), OptionalPassword(password, "password")) { Id = requestId },
                RegisterRequest.TypeName => new RegisterRequest(RequiredString(name, "name"), RequiredPassword(password, "password")) { Id = requestId },
                PasswdRequest.TypeName => new PasswdRequest(RequiredPassword(old, "old"), RequiredPassword(@new, "new")) { Id = requestId },
                SayRequest.TypeName => new SayRequest(RequiredString(text, "text"), OptionalString(room, "room") ?? ProtocolInfo.Lobby) { Id = requestId },
                DmRequest.TypeName => new DmRequest(RequiredString(to, "to"), RequiredString(text, "text")) { Id = requestId },
                JoinRequest.TypeName => new JoinRequest(RequiredString(room, "room")) { Id = requestId },
                LeaveRequest.TypeName => new LeaveRequest(RequiredString(room, "room")) { Id = requestId },
                WhoRequest.TypeName => new WhoRequest(OptionalString(room, "room") ?? ProtocolInfo.Lobby) { Id = requestId },
                RoomsRequest.TypeName => new RoomsRequest { Id = requestId },
                HistoryRequest.TypeName => History(requestId),
                PingRequest.TypeName => new PingRequest { Id = requestId },
                QuitRequest.TypeName => new QuitRequest(OptionalString(reason, "reason")) { Id = requestId },
                StatsRequest.TypeName => new StatsRequest { Id = requestId },
                _ => null,
            };

            if (error is not null) return DecodeResult<ClientRequest>.Fail(ErrorCodes.BadRequest, error, requestId);
            return request is null
                ? DecodeResult<ClientRequest>.Fail(ErrorCodes.UnknownType, $"unknown request type \"{ProtocolSerializer.Truncate(type.Text!)}\"", requestId)
                : DecodeResult<ClientRequest>.Ok(request);
        }

        /// <summary>
        /// <c>history</c> of a room (<c>room</c>) or of direct messages with a user (<c>with</c>, version 2):
        /// <c>with</c> makes it the second; both at once is a bad request.
        /// </summary>
        private ClientRequest History(RequestRef? requestId)
        {
            if (with.Kind is not (Kind.Absent or Kind.Null) && room.Kind is not (Kind.Absent or Kind.Null))
                return Wrong<ClientRequest>("\"history\" takes \"room\" or \"with\", not both", new PingRequest());
            var direct = with.Kind is not (Kind.Absent or Kind.Null);
            var conversation = direct ? RequiredString(with, "with") : RequiredString(room, "room");
            var beforeId = OptionalInteger(before, "before");
            // Any limit from 1 up is valid (the server clamps it to MaxHistoryLimit);
            // one beyond int saturates rather than failing.
            var pageSize = (int)Math.Min(OptionalInteger(limit, "limit", min: 1) ?? ProtocolInfo.DefaultHistoryLimit, int.MaxValue);
            return direct
                ? new DirectHistoryRequest(conversation, beforeId, pageSize) { Id = requestId }
                : new HistoryRequest(conversation, beforeId, pageSize) { Id = requestId };
        }

        // Passwords are strings on the wire; the error names the field, never its value.

        private Password RequiredPassword(in Value value, string field) => new(RequiredString(value, field));

        private Password? OptionalPassword(in Value value, string field) =>
            OptionalString(value, field) is { } text ? new Password(text) : null;

        // A wrong field is recorded (the first one only) instead of thrown; the request built
        // around the placeholder it returns is then dropped.

        private string RequiredString(in Value value, string field) =>
            OptionalString(value, field) ?? Wrong($"missing string field \"{field}\"", "");

        private string? OptionalString(in Value value, string field) => value.Kind switch
        {
            Kind.Absent or Kind.Null => null,
            Kind.String => value.Text,
            _ => Wrong($"field \"{field}\" must be a string", ""),
        };

        private long? OptionalInteger(in Value value, string field, long min = long.MinValue) => value.Kind switch
        {
            Kind.Absent or Kind.Null => null,
            Kind.Integer when value.Number >= min => value.Number,
            _ => Wrong(min == long.MinValue ? $"field \"{field}\" must be an integer" : $"field \"{field}\" must be an integer from {min}", 0L),
        };

        private T Wrong<T>(string message, T placeholder)
        {
            error ??= message;
            return placeholder;
        }
    }
}
