using System.Reflection;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using FsCheck;
using FsCheck.Fluent;

namespace ActorChat.Tests.Properties;

/// <summary>FsCheck generators for the wire protocol: bytes, names, texts, ids, requests, events, mutations.</summary>
public static class Generators
{
    /// <summary>Every error code the serializer or server may use (public constants of <see cref="ErrorCodes"/>).</summary>
    public static readonly IReadOnlySet<string> AllErrorCodes = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet();

    // ---- characters and strings --------------------------------------------------------

    /// <summary>Characters a name may hold: ASCII and Unicode letters and digits (BMP and astral), '_', '-', '.'.</summary>
    private static readonly string[] NameChars =
    [
        "a", "z", "A", "Z", "0", "9", "_", "-", ".", "é", "Zoë", "ß", "Ж", "я", "Ω", "ς", "µ", "名", "前",
        "ア", "한", "١", "٢", "ก", "𝒜", "𐐷", "𠀋", "ǅ", "ʰ",
    ];

    /// <summary>Pieces of text: plain, escapes JSON must handle, multi-byte and astral characters.</summary>
    private static readonly string[] TextPieces =
    [
        "a", "hello", " ", "\n", "\t", "\"", "\\", "/", "'", "{", "}", "[", "]", ":", ",", "\\n", "\\u0000",
        "é", "名前", "Привет", "👋", "🏳️‍🌈", "👩‍👩‍👧", "\u200D", "\u00A0", "\u2028", "\u2029", "\uFEFF", "𝒜",
        "null", "true", "1e400", "\"type\":\"say\"", "</script>", "%s", "\r",
    ];

    public static Gen<string> Name =>
        from count in Gen.Choose(1, 32)
        from pieces in Gen.ArrayOf(Gen.Elements(NameChars), count)
        let joined = string.Concat(pieces)
        select Truncate(joined, 32);

    /// <summary>A text that passes the text rules (no control character but LF and TAB).</summary>
    public static Gen<string> ValidText =>
        from count in Gen.Choose(1, 40)
        from pieces in Gen.ArrayOf(Gen.Elements(TextPieces.Where(p => p != "\r").ToArray()), count)
        select string.Concat(pieces);

    /// <summary>Any well-formed Unicode string (no lone surrogate), control characters included.</summary>
    public static Gen<string> AnyText =>
        Gen.OneOf(
            ValidText,
            Gen.Elements("", " ", "\r\n", "\u0000", "\u0007\u001F\u007F\u0085\u009F", "\uFFFF", "\uFFFD"),
            from n in Gen.Choose(0, 30)
            from runes in Gen.ArrayOf(RuneGen, n)
            select string.Concat(runes.Select(r => r.ToString())));

    private static Gen<Rune> RuneGen =>
        Gen.Frequency(
            (4, Gen.Choose(0, 0x7F)),
            (2, Gen.Choose(0x80, 0x7FF)),
            (2, Gen.Choose(0x800, 0xD7FF)),
            (1, Gen.Choose(0xE000, 0xFFFF)),
            (2, Gen.Choose(0x10000, 0x10FFFF)))
        .Select(v => new Rune(v));

    /// <summary>The first <paramref name="max"/> Unicode characters of a string.</summary>
    public static string Truncate(string s, int max)
    {
        var builder = new StringBuilder();
        var count = 0;
        foreach (var rune in s.EnumerateRunes())
        {
            if (++count > max) break;
            builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    public static Gen<long> AnyLong =>
        Gen.OneOf(
            Gen.Elements(0L, 1L, -1L, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue, 9007199254740993L),
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => (long)i),
            from hi in Gen.Choose(int.MinValue, int.MaxValue)
            from lo in Gen.Choose(int.MinValue, int.MaxValue)
            select ((long)hi << 32) | (uint)lo);

    /// <summary>A valid request id: none, a string of at most 64 characters, or a 64-bit integer.</summary>
    public static Gen<RequestRef?> Id =>
        Gen.Frequency(
            (1, Gen.Constant<RequestRef?>(null)),
            (2, AnyText.Select(s => (RequestRef?)RequestRef.Of(Truncate(s, ProtocolInfo.MaxRequestIdLength)))),
            (2, AnyLong.Select(l => (RequestRef?)RequestRef.Of(l))));

    // ---- requests -------------------------------------------------------------------

    public static Gen<ClientRequest> Request =>
        from request in Gen.OneOf(
            Name.Select(n => (ClientRequest)new LoginRequest(n)),
            from t in ValidText from r in Name select (ClientRequest)new SayRequest(t, r),
            from to in Name from t in ValidText select (ClientRequest)new DmRequest(to, t),
            Name.Select(n => (ClientRequest)new JoinRequest(n)),
            Name.Select(n => (ClientRequest)new LeaveRequest(n)),
            Name.Select(n => (ClientRequest)new WhoRequest(n)),
            Gen.Constant((ClientRequest)new RoomsRequest()),
            from room in Name
            from before in Gen.OneOf(Gen.Constant<long?>(null), AnyLong.Select(l => (long?)l))
            from limit in Gen.OneOf(Gen.Choose(1, 300), Gen.Choose(1, int.MaxValue), Gen.Constant(int.MaxValue))
            select (ClientRequest)new HistoryRequest(room, before, limit),
            Gen.Constant((ClientRequest)new PingRequest()),
            Gen.Constant((ClientRequest)new StatsRequest()),
            Gen.OneOf(Gen.Constant<string?>(null), AnyText.Select(s => (string?)s)).Select(r => (ClientRequest)new QuitRequest(r)))
        from id in Id
        select request with { Id = id };

    // ---- events ---------------------------------------------------------------------

    /// <summary>A UTC time at a whole millisecond, between year 1 and 9999.</summary>
    public static Gen<DateTime> Time =>
        Gen.OneOf(
            Gen.Elements(DateTime.UnixEpoch, new DateTime(2026, 11, 25, 11, 2, 3, 123, DateTimeKind.Utc),
                DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
                new DateTime(9999, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc)),
            from hi in Gen.Choose(0, int.MaxValue)
            from lo in Gen.Choose(0, int.MaxValue)
            let ms = (((long)hi << 31) | (uint)lo) % (DateTime.MaxValue.Ticks / TimeSpan.TicksPerMillisecond)
            select new DateTime(ms * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc));

    public static Gen<ChatMessage> Message =>
        from id in AnyLong
        from direct in Gen.Elements(true, false)
        from target in Name
        from sender in Name
        from text in ValidText
        from time in Time
        select direct ? ChatMessage.Direct(id, target, sender, text, time) : ChatMessage.InRoom(id, target, sender, text, time);

    private static Gen<int> Count => Gen.OneOf(Gen.Choose(0, 1000), Gen.Choose(int.MinValue, int.MaxValue));

    public static Gen<ServerEvent> Event =>
        from e in Gen.OneOf(
            from n in Name from p in Count from s in AnyText from motd in Gen.OneOf(Gen.Constant<string?>(null), AnyText.Select(m => (string?)m))
            select (ServerEvent)new WelcomeEvent(n, p, s, motd),
            Message.Select(m => (ServerEvent)m),
            from r in Name from n in Name from c in Count select (ServerEvent)new JoinedEvent(r, n, c),
            from r in Name from n in Name from c in Count from why in Gen.Elements("leave", "disconnected", "quit", "idle", "flood")
            select (ServerEvent)new LeftEvent(r, n, c, why),
            from r in Name from n in Gen.Choose(0, 5) from ms in Gen.ListOf(Message, n) select (ServerEvent)new HistoryEvent(r, ms.ToList()),
            from r in Name from ns in Gen.ListOf(Name) select (ServerEvent)new WhoEvent(r, ns.ToList()),
            from rs in Gen.ListOf(from n in Name from c in Count select new RoomSummary(n, c)) select (ServerEvent)new RoomsEvent(rs.ToList()),
            Gen.Constant((ServerEvent)new PongEvent()),
            from a in Count from b in Count from c in Count from d in Count select (ServerEvent)new StatsEvent(a, b, c, d),
            from code in Gen.Elements(AllErrorCodes.ToArray()) from m in AnyText select (ServerEvent)new ErrorEvent(code, m),
            Gen.Elements("quit", "idle", "shutdown", "server_full", "slow_consumer", "flood").Select(r => (ServerEvent)new ByeEvent(r)))
        from reference in Id
        select e with { Ref = reference };

    // ---- bytes ----------------------------------------------------------------------

    /// <summary>JSON-ish tokens, so random concatenations sometimes parse and reach the field checks.</summary>
    private static readonly string[] JsonTokens =
    [
        "{", "}", "[", "]", ":", ",", " ", "\"", "\"type\"", "\"id\"", "\"ref\"", "\"text\"", "\"room\"", "\"name\"",
        "\"to\"", "\"before\"", "\"limit\"", "\"messages\"", "\"members\"", "\"rooms\"", "\"time\"", "\"code\"",
        "\"login\"", "\"say\"", "\"dm\"", "\"join\"", "\"leave\"", "\"who\"", "\"history\"", "\"ping\"", "\"quit\"",
        "\"message\"", "\"welcome\"", "\"joined\"", "\"left\"", "\"pong\"", "\"error\"", "\"bye\"",
        "\"2026-11-25T11:02:03.123Z\"", "\"9999-99-99T99:99:99.999Z\"", "0", "-1", "1.5", "1e3", "1e400", "-0",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999",
        "null", "true", "false", "\"\\ud800\"", "\"\\u0000\"", "\"é\"", "\"👋\"", "\r", "\t", "//", "/*", "NaN", "'x'",
        "\"\\\"\"", "\\", "\u00ff", "\u00e9",
    ];

    public static Gen<byte[]> JsonSoup =>
        from count in Gen.Choose(0, 30)
        from tokens in Gen.ArrayOf(Gen.Elements(JsonTokens), count)
        select Encoding.UTF8.GetBytes(string.Concat(tokens));

    public static Gen<byte> InterestingByte =>
        Gen.Frequency(
            (3, Gen.Choose(0, 255).Select(i => (byte)i)),
            (2, Gen.Elements("{}[]\":,\\ \r\n\t0-e".Select(c => (byte)c).ToArray())),
            (1, Gen.Elements<byte>(0x00, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF8, 0xFE, 0xFF)));

    public static Gen<byte[]> RandomBytes =>
        from count in Gen.Choose(0, 64)
        from bytes in Gen.ArrayOf(InterestingByte, count)
        select bytes;

    /// <summary>A valid request or event, encoded without its LF.</summary>
    public static Gen<byte[]> ValidFrame =>
        Gen.OneOf(
            Request.Select(r => ProtocolSerializer.EncodeRequest(r)[..^1]),
            Event.Select(e => ProtocolSerializer.EncodeEvent(e)[..^1]));

    /// <summary>One random edit of a byte string: flip a bit, replace, insert, delete, duplicate or cut.</summary>
    private static Gen<Func<byte[], byte[]>> Mutation =>
        from kind in Gen.Choose(0, 6)
        from position in Gen.Choose(0, int.MaxValue)
        from length in Gen.Choose(1, 16)
        from bit in Gen.Choose(0, 7)
        from value in InterestingByte
        select (Func<byte[], byte[]>)(bytes =>
        {
            var list = bytes.ToList();
            if (list.Count == 0) return [value];
            var at = position % list.Count;
            var span = Math.Min(length, list.Count - at);
            switch (kind)
            {
                case 0: list[at] ^= (byte)(1 << bit); break;
                case 1: list[at] = value; break;
                case 2: list.Insert(at, value); break;
                case 3: list.RemoveRange(at, span); break;
                case 4: list.InsertRange(at, list.GetRange(at, span)); break;
                case 5: list.RemoveRange(at, list.Count - at); break;
                default: list.InsertRange(at, Encoding.UTF8.GetBytes("{\"a\":[")); break;
            }
            return list.ToArray();
        });

    public static Gen<byte[]> MutatedFrame =>
        from frame in ValidFrame
        from n in Gen.Choose(1, 6)
        from mutations in Gen.ListOf(Mutation, n)
        select mutations.Aggregate(frame, (bytes, mutate) => mutate(bytes));

    /// <summary>Deep nesting around or inside an object, near the depth limit.</summary>
    public static Gen<byte[]> DeepNesting =>
        from depth in Gen.Choose(1, 40)
        from array in Gen.Elements(true, false)
        select Encoding.UTF8.GetBytes(array
            ? "{\"type\":\"ping\",\"x\":" + new string('[', depth) + new string(']', depth) + "}"
            : string.Concat(Enumerable.Repeat("{\"type\":\"ping\",\"x\":", depth)) + "1" + new string('}', depth));

    /// <summary>Any frame a hostile or broken peer might send.</summary>
    public static Gen<byte[]> HostileFrame =>
        Gen.Frequency((2, RandomBytes), (3, JsonSoup), (4, MutatedFrame), (1, DeepNesting), (1, ValidFrame));

    public static Arbitrary<byte[]> HostileFrameArb => Arb.From(HostileFrame);
}
