using System.Globalization;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ActorChat.Tests.Properties;

/// <summary>
/// <see cref="ProtocolSerializer.DecodeRequest"/> answers every frame exactly as the previous
/// decoder (<see cref="LegacyRequestDecoder"/>) did: the same request record, or the same error
/// (code, message and ref). The frames are built to reach every branch: valid requests with
/// their fields in any order, duplicate keys, wrong types, escapes, numbers at the edges of
/// 64 bits, nesting around the depth limit, truncated JSON, invalid UTF-8 and garbage.
/// </summary>
public class RequestDecoderOracleProperties
{
    private static string Show(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is >= 0x20 and < 0x7F and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}"));

    private sealed record Frame(byte[] Bytes)
    {
        public override string ToString() => Show(Bytes);
    }

    private static Arbitrary<Frame> FramesOf(Gen<byte[]> gen) => Arb.From(gen.Select(b => new Frame(b)));

    private static void DecodesAsBefore(byte[] frame)
    {
        var expected = LegacyRequestDecoder.DecodeRequest(frame);
        DecodeResult<ClientRequest> actual;
        try
        {
            actual = ProtocolSerializer.DecodeRequest(frame);
        }
        catch (Exception e)
        {
            Assert.Fail($"decoding \"{Show(frame)}\" threw {e}");
            return;
        }
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Value, actual.Value);
    }

    // ---- pieces of JSON -----------------------------------------------------------------

    private static readonly string[] TypeNames =
    [
        LoginRequest.TypeName, SayRequest.TypeName, DmRequest.TypeName, JoinRequest.TypeName, LeaveRequest.TypeName,
        WhoRequest.TypeName, RoomsRequest.TypeName, HistoryRequest.TypeName, PingRequest.TypeName, QuitRequest.TypeName,
    ];

    private static readonly string[] FieldNames = ["type", "id", "name", "text", "room", "to", "before", "limit", "reason"];

    private static string Quote(string s) => JsonConvert.ToString(s);

    private static Gen<string> Whitespace => Gen.Frequency(
        (12, Gen.Constant("")), (1, Gen.Constant(" ")), (1, Gen.Constant("\t")), (1, Gen.Constant("\r\n")), (1, Gen.Constant(" \n ")));

    /// <summary>A field name as a JSON string: mostly the known ones, also escaped spellings, near misses and others.</summary>
    private static Gen<string> NameLiteral => Gen.Frequency(
        (12, Gen.Elements(FieldNames).Select(Quote)),
        (2, Gen.Elements("\"\\u0074ype\"", "\"\\u0069d\"", "\"te\\u0078t\"", "\"r\\u006fom\"", "\"\\u006cimit\"", "\"typ\\u0065\"", "\"\\u0074\\u0079\\u0070\\u0065\"")),
        (2, Gen.Elements("\"Type\"", "\"ID\"", "\"x\"", "\"from\"", "\"time\"", "\"\"", "\"type \"", "\"é\"", "\"👋\"", "\"\\ud800\"", "\"\\udc00type\"", "\"ty\\/pe\"", "\"id\\u0000\"")));

    /// <summary>A JSON string of random UTF-16 code units, every one \u-escaped (lone surrogates included).</summary>
    private static Gen<string> EscapedString =>
        from n in Gen.Choose(0, 70)
        from units in Gen.ArrayOf(Gen.Frequency(
            (4, Gen.Choose('a', 'z')),
            (1, Gen.Choose(0, 0x1F)),
            (2, Gen.Choose(0xD800, 0xDFFF)),
            (1, Gen.Choose(0x80, 0xFFFF))), n)
        select "\"" + string.Concat(units.Select(u => u is >= 'a' and <= 'z' ? ((char)u).ToString() : $"\\u{u:x4}")) + "\"";

    private static Gen<string> StringLiteral => Gen.Frequency(
        (4, Generators.AnyText.Select(Quote)),
        (2, EscapedString),
        (2, Gen.Elements(TypeNames).Select(Quote)),
        (2, Gen.Elements(
            "\"\\u0073ay\"", "\"p\\u0069ng\"", "\"PING\"", "\"shout\"", "\"welcome\"", "\"\"", "\"lobby\"", "\"\\ud83d\\udc4b\"",
            "\"\\ud83d\"", "\"\\udc4b\\ud83d\"", "\"a\\ud800\\ud800\\udc00b\"", "\"\\ud800\\u0041\"", "\"\\ud800\\\\u0041\"",
            "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u0000\"", "\"\u007f\u0085\u2028\"")),
        // ids around the 64-character limit, counted in Unicode scalar values
        (2, from n in Gen.Choose(60, 68)
            from c in Gen.Elements("i", "é", "👋", "\\u00e9", "\\ud83d\\udc4b", "\\ud800")
            select "\"" + string.Concat(Enumerable.Repeat(c, n)) + "\""));

    private static Gen<string> NumberLiteral => Gen.Frequency(
        (4, Gen.Elements(
            "0", "-0", "1", "-1", "17", "50", "200", "201", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551616", "1000000000000000000000000000000", "-1000000000000000000000000000000",
            "1.0", "1.5", "-0.0", "0.0", "10.5", "1e3", "1E3", "1e+3", "1e-3", "1e0", "0e0", "1e400", "-1e400", "1e-400",
            "123456789012345678901234567890.123456789", "9223372036854775807.0", "00", "01", "-", "1.", "+1", ".5", "1e")),
        (2, Generators.AnyLong.Select(l => l.ToString(CultureInfo.InvariantCulture))),
        (1, Generators.AnyLong.Select(l => l.ToString(CultureInfo.InvariantCulture) + ".0")),
        (1, Generators.AnyLong.Select(l => l.ToString(CultureInfo.InvariantCulture) + "e1")));

    /// <summary>Arrays and objects: small ones, ones with traps inside, and nesting around the depth limit.</summary>
    private static Gen<string> NestedLiteral => Gen.OneOf(
        Gen.Elements(
            "{}", "[]", "[1,2,{\"a\":\"b\"}]", "{\"type\":\"ping\"}", "[\"ping\"]", "{\"id\":\"inner\",\"type\":\"say\"}",
            "{\"a\":{\"b\":[null,true,1e400,\"\\ud800\",-0]}}", "[1,]", "{\"a\":1,}", "[[[[]]]]", "{\"\\ud800\":[]}"),
        from depth in Gen.Choose(1, 18)
        from array in Gen.Elements(true, false)
        from inner in Gen.OneOf(StringLiteral, NumberLiteral)
        select array
            ? new string('[', depth) + inner + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + inner + new string('}', depth));

    private static Gen<string> Value => Gen.Frequency(
        (6, StringLiteral),
        (4, NumberLiteral),
        (1, Gen.Elements("null", "true", "false")),
        (2, NestedLiteral),
        (1, Gen.Elements("tru", "nul", "'x'", "NaN", "undefined", "\"unterminated", "\"tab\there\"", "\"\\q\"", "\"\\u12\"")));

    private static Gen<string> ValueFor(string name) => name switch
    {
        "\"type\"" => Gen.Frequency((8, Gen.Elements(TypeNames).Select(Quote)), (2, Value)),
        "\"id\"" => Gen.Frequency((3, StringLiteral), (3, NumberLiteral), (1, Gen.Constant("null")), (2, Value)),
        "\"before\"" or "\"limit\"" => Gen.Frequency((6, NumberLiteral), (1, Gen.Constant("null")), (2, Value)),
        _ => Gen.Frequency((6, StringLiteral), (1, Gen.Constant("null")), (2, Value)),
    };

    private static Gen<string> Member(Gen<string> names) =>
        from name in names
        from value in ValueFor(name)
        from w1 in Whitespace
        from w2 in Whitespace
        from w3 in Whitespace
        select w1 + name + w2 + ":" + w3 + value;

    private static Gen<string> ObjectOf(Gen<string[]> members) =>
        from ms in members
        from before in Whitespace
        from after in Whitespace
        select before + "{" + string.Join(",", ms) + "}" + after;

    /// <summary>An object of random fields: usually a type and an id, any others, in any order, names repeating.</summary>
    private static Gen<string> RandomObject => ObjectOf(
        from type in Gen.Frequency((6, Member(Gen.Constant("\"type\"")).Select(m => new[] { m })), (1, Gen.Constant(Array.Empty<string>())))
        from id in Gen.Frequency((3, Member(Gen.Constant("\"id\"")).Select(m => new[] { m })), (2, Gen.Constant(Array.Empty<string>())))
        from n in Gen.Choose(0, 5)
        from others in Gen.ArrayOf(Member(NameLiteral), n)
        from all in Gen.Shuffle(type.Concat(id).Concat(others).ToArray())
        select all);

    /// <summary>A valid request with its fields shuffled, sometimes with one field repeated (with any value) before or after.</summary>
    private static Gen<string> PermutedRequest => ObjectOf(
        from request in Generators.Request
        let members = JObject.Parse(ProtocolSerializer.ToJson(request)).Properties()
            .Select(p => Quote(p.Name) + ":" + p.Value.ToString(Formatting.None)).ToArray()
        from repeat in Gen.Elements(true, false)
        from repeated in Gen.Elements(members.Select(m => m[..(m.IndexOf("\":", StringComparison.Ordinal) + 1)]).Append("\"id\"").ToArray())
        from extra in Member(Gen.Constant(repeated))
        let withExtra = repeat ? members.Append(extra).ToArray() : members
        from all in Gen.Shuffle(withExtra)
        select all);

    private static readonly byte[][] BadUtf8 =
    [
        [0xFF], [0xFE], [0x80], [0xBF], [0xC3], [0xC0, 0xAF], [0xC1, 0xBF], [0xE2, 0x82], [0xE0, 0x80, 0xAF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xEF, 0xBF], [0xF0, 0x9F, 0x98], [0xF0, 0x80, 0x80, 0xAF],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xC3, 0xA9], [0xF0, 0x9F, 0x91, 0x8B], // valid, for contrast
    ];

    private static byte[] Insert(byte[] frame, int at, byte[] bytes) => [.. frame[..at], .. bytes, .. frame[at..]];

    /// <summary>One break of a frame: cut short, invalid UTF-8 anywhere or inside a string, or something after it.</summary>
    private static Gen<byte[]> Broken(Gen<byte[]> frames) =>
        from frame in frames
        from kind in Gen.Choose(0, 3)
        from position in Gen.Choose(0, int.MaxValue)
        from bad in Gen.Elements(BadUtf8)
        from tail in Gen.Elements(" {}", "x", ",", " 1", "}", "]", " \"x\"", "{\"type\":\"ping\"}", "\u00a0", "\ufeff")
        select kind switch
        {
            0 => frame[..(position % (frame.Length + 1))],
            1 => Insert(frame, position % (frame.Length + 1), bad),
            2 => InsertAfterAQuote(frame, position, bad),
            _ => [.. frame, .. Encoding.UTF8.GetBytes(tail)],
        };

    private static byte[] InsertAfterAQuote(byte[] frame, int position, byte[] bytes)
    {
        var quotes = Enumerable.Range(0, frame.Length).Where(i => frame[i] == (byte)'"').ToArray();
        return quotes.Length == 0 ? Insert(frame, 0, bytes) : Insert(frame, quotes[position % quotes.Length] + 1, bytes);
    }

    private static Gen<byte[]> Utf8(Gen<string> text) => text.Select(Encoding.UTF8.GetBytes);

    private static Gen<byte[]> NotAnObject =>
        Utf8(Gen.OneOf(
            from before in Whitespace from value in Value from after in Whitespace select before + value + after,
            RandomObject.Select(o => "[" + o + "]"),
            from first in RandomObject from space in Whitespace from second in Gen.OneOf(Value, RandomObject) select first + space + second));

    private static Gen<byte[]> AnyFrame => Gen.Frequency(
        (5, Utf8(RandomObject)),
        (2, Utf8(PermutedRequest)),
        (3, Broken(Gen.OneOf(Utf8(RandomObject), Utf8(PermutedRequest)))),
        (1, NotAnObject),
        (2, Generators.HostileFrame));

    // ---- properties ---------------------------------------------------------------------

    [Property(MaxTest = 5000)]
    public Property Any_frame_decodes_exactly_as_the_previous_decoder_did() =>
        Prop.ForAll(FramesOf(AnyFrame), f => DecodesAsBefore(f.Bytes));

    [Property(MaxTest = 2000)]
    public Property A_valid_request_in_any_field_order_with_a_repeated_field_decodes_as_before() =>
        Prop.ForAll(FramesOf(Utf8(PermutedRequest)), f => DecodesAsBefore(f.Bytes));

    [Property(MaxTest = 2000)]
    public Property A_truncated_or_invalid_UTF8_frame_decodes_as_before() =>
        Prop.ForAll(FramesOf(Broken(Gen.OneOf(Utf8(RandomObject), Utf8(PermutedRequest)))), f => DecodesAsBefore(f.Bytes));

    [Property(MaxTest = 1000)]
    public Property Garbage_mutations_and_deep_nesting_decode_as_before() =>
        Prop.ForAll(FramesOf(Gen.OneOf(Generators.HostileFrame, Generators.MutatedFrame, Generators.DeepNesting)), f => DecodesAsBefore(f.Bytes));

    /// <summary>
    /// The frames above reach every answer often: success, each error code, with and without
    /// ref, and each kind of bad_json. Sampled with a fixed seed, so it never flakes.
    /// </summary>
    [Fact]
    public void The_generated_frames_reach_every_kind_of_answer()
    {
        var answers = AnyFrame.Sample(3000, new Rnd(20261125UL), 50)
            .Select(f => LegacyRequestDecoder.DecodeRequest(f))
            .Select(r => r.Error switch
            {
                null => "ok",
                { Code: ErrorCodes.BadJson, Message: var m } when m.Contains("UTF-8") => "bad_json utf-8",
                { Code: ErrorCodes.BadJson, Message: var m } when m.Contains("object") => "bad_json not an object",
                { Code: ErrorCodes.BadJson } => "bad_json syntax",
                { Code: var code, Ref: null } => code,
                { Code: var code } => code + " with ref",
            })
            .GroupBy(a => a)
            .ToDictionary(g => g.Key, g => g.Count());

        string[] expected =
        [
            "ok", "bad_json utf-8", "bad_json not an object", "bad_json syntax",
            "bad_request", "bad_request with ref", "unknown_type", "unknown_type with ref",
        ];
        foreach (var kind in expected)
            Assert.True(answers.GetValueOrDefault(kind) >= 30, $"{kind}: {answers.GetValueOrDefault(kind)} of 3000 ({string.Join(", ", answers)})");
    }
}
