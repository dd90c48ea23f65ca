using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ActorChat.Tests.Properties;

/// <summary>
/// Properties of <see cref="ProtocolSerializer"/>: decoding never throws whatever the bytes,
/// every failure has a documented code, and every request and event survives a round trip.
/// </summary>
public class ProtocolSerializerProperties
{
    private const int Cases = 1000;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static string Show(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is >= 0x20 and < 0x7F and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}"));

    /// <summary>Decodes as request and as event; asserts that neither throws and both answer sensibly.</summary>
    private static void DecodeBothWays(byte[] frame)
    {
        DecodeResult<ClientRequest> request;
        DecodeResult<ServerEvent> @event;
        try
        {
            request = ProtocolSerializer.DecodeRequest(frame);
            @event = ProtocolSerializer.DecodeEvent(frame);
        }
        catch (Exception e)
        {
            Assert.Fail($"decoding \"{Show(frame)}\" threw {e}");
            return;
        }
        CheckResult(request, frame);
        CheckResult(@event, frame);
    }

    private static void CheckResult<T>(DecodeResult<T> result, byte[] frame) where T : class
    {
        if (result.IsSuccess)
        {
            Assert.Null(result.Error);
            return;
        }
        Assert.NotNull(result.Error);
        Assert.True(Generators.AllErrorCodes.Contains(result.Error.Code),
            $"\"{Show(frame)}\" gave the undocumented code {result.Error.Code}");
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        if (result.Error.Code == ErrorCodes.BadJson) Assert.Null(result.Error.Ref);
    }

    private sealed record Frame(byte[] Bytes)
    {
        public override string ToString() => Show(Bytes);
    }

    private static Arbitrary<Frame> FramesOf(Gen<byte[]> gen) => Arb.From(gen.Select(b => new Frame(b)));

    // ---- never throws -----------------------------------------------------------------

    [Property(MaxTest = 2000)]
    public Property Decoding_any_bytes_never_throws_and_fails_only_with_a_documented_code() =>
        Prop.ForAll(FramesOf(Generators.HostileFrame), f => DecodeBothWays(f.Bytes));

    [Property(MaxTest = 2000)]
    public Property Decoding_a_mutated_valid_frame_never_throws() =>
        Prop.ForAll(FramesOf(Generators.MutatedFrame), f => DecodeBothWays(f.Bytes));

    [Property(MaxTest = 300)]
    public Property Decoding_deep_nesting_never_throws_and_beyond_16_levels_is_bad_json() =>
        Prop.ForAll(FramesOf(Generators.DeepNesting), f =>
        {
            DecodeBothWays(f.Bytes);
            var depth = 0;
            var deepest = 0;
            foreach (var b in f.Bytes)
            {
                if (b is (byte)'{' or (byte)'[') deepest = Math.Max(deepest, ++depth);
                else if (b is (byte)'}' or (byte)']') depth--;
            }
            var result = ProtocolSerializer.DecodeRequest(f.Bytes);
            if (deepest > ProtocolSerializer.MaxJsonDepth) Assert.Equal(ErrorCodes.BadJson, result.Error?.Code);
            else Assert.IsType<PingRequest>(result.Value);
        });

    // ---- round trips ------------------------------------------------------------------

    /// <summary>A frame ActorChat writes: one line, valid UTF-8, its only raw LF the last byte, no raw CR.</summary>
    private static void CheckEncodedFrame(byte[] frame)
    {
        Assert.True(frame.Length >= 2);
        Assert.Equal((byte)'\n', frame[^1]);
        Assert.Equal(-1, Array.IndexOf(frame, (byte)'\n', 0, frame.Length - 1));
        Assert.Equal(-1, Array.IndexOf(frame, (byte)'\r'));
        Assert.Equal((byte)'{', frame[0]);
        StrictUtf8.GetString(frame); // throws on invalid UTF-8
    }

    [Property(MaxTest = 2000)]
    public Property Every_request_encodes_to_one_line_and_decodes_back_equal() =>
        Prop.ForAll(Arb.From(Generators.Request), request =>
        {
            var frame = ProtocolSerializer.EncodeRequest(request);
            CheckEncodedFrame(frame);
            var decoded = ProtocolSerializer.DecodeRequest(frame.AsSpan(0, frame.Length - 1));
            Assert.Null(decoded.Error);
            Assert.Equal(request, decoded.Value);
            Assert.Equal(request.Id, decoded.Value!.Id);
            // CRLF framing gives the same request: the framer drops the CR.
            Assert.Equal(frame[..^1], new ActorChat.Messages.Framing.LineFramer().Feed([.. frame[..^1], (byte)'\r', (byte)'\n']).Single().Line);
        });

    [Property(MaxTest = 2000)]
    public Property Every_event_encodes_to_one_line_and_decodes_back_equal() =>
        Prop.ForAll(Arb.From(Generators.Event), @event =>
        {
            var frame = ProtocolSerializer.EncodeEvent(@event);
            CheckEncodedFrame(frame);
            var decoded = ProtocolSerializer.DecodeEvent(frame.AsSpan(0, frame.Length - 1));
            Assert.Null(decoded.Error);
            Assert.Equal(@event, decoded.Value);
            Assert.Equal(@event.Ref, decoded.Value!.Ref);
            var messages = decoded.Value switch
            {
                ChatMessage m => [m],
                HistoryEvent h => h.Messages,
                _ => [],
            };
            foreach (var m in messages) Assert.Equal(DateTimeKind.Utc, m.Time.Kind);
        });

    [Property(MaxTest = 1000)]
    public Property Every_request_type_round_trips_with_every_kind_of_id() =>
        Prop.ForAll(
            Arb.From(from r in Generators.Request
                     from id in Gen.OneOf(
                         Gen.Constant<RequestRef?>(null),
                         Gen.Elements<RequestRef?>("", "7", "0", "null", "\"", "\\", "\n", new string('é', 64), string.Concat(Enumerable.Repeat("👋", 64))),
                         Gen.Elements<RequestRef?>(0L, long.MaxValue, long.MinValue))
                     select r with { Id = id }),
            request =>
            {
                var frame = ProtocolSerializer.EncodeRequest(request);
                var decoded = ProtocolSerializer.DecodeRequest(frame.AsSpan(0, frame.Length - 1)).Value;
                Assert.Equal(request, decoded);
                // ...and the answer carries the id back as ref, of the same JSON type.
                var pong = ProtocolSerializer.EncodeEvent(new PongEvent { Ref = decoded!.Id });
                Assert.Equal(request.Id, ProtocolSerializer.DecodeEvent(pong.AsSpan(0, pong.Length - 1)).Value!.Ref);
            });

    /// <summary>A JSON string literal of random UTF-16 code units, written with \u escapes where wanted.</summary>
    private static readonly Gen<string> EscapedJsonString =
        from n in Gen.Choose(0, 70)
        from units in Gen.ArrayOf(Gen.Frequency(
            (4, Gen.Choose('a', 'z')),
            (1, Gen.Choose(0, 0x1F)),
            (1, Gen.Choose(0xD800, 0xDFFF)),
            (1, Gen.Choose(0x80, 0xFFFF))), n)
        select "\"" + string.Concat(units.Select(u => u is >= 'a' and <= 'z' ? ((char)u).ToString() : $"\\u{u:x4}")) + "\"";

    [Property(MaxTest = 1000)]
    public Property An_accepted_string_id_comes_back_as_exactly_the_same_ref() =>
        Prop.ForAll(Arb.From(EscapedJsonString), literal =>
        {
            var frame = Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"id\":" + literal + "}");
            var request = ProtocolSerializer.DecodeRequest(frame);
            if (!request.IsSuccess)
            {
                Assert.Equal(ErrorCodes.BadRequest, request.Error!.Code);
                Assert.Null(request.Error.Ref);
                return;
            }
            var pong = ProtocolSerializer.EncodeEvent(new PongEvent { Ref = request.Value!.Id });
            CheckEncodedFrame(pong);
            Assert.Equal(request.Value.Id, ProtocolSerializer.DecodeEvent(pong.AsSpan(0, pong.Length - 1)).Value!.Ref);
        });
}
