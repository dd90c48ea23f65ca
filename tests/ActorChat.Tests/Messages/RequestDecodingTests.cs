using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;

namespace ActorChat.Tests.Messages;

/// <summary>
/// Corners of <see cref="ProtocolSerializer.DecodeRequest"/> that a one-pass reader could get
/// wrong: duplicate keys, an id after the fields it must be attached to, escaped names, lone
/// surrogates, invalid UTF-8 in values nobody reads, and which error wins when there are
/// several. Each expectation is what the decoder did before requests were read in one pass.
/// </summary>
public class RequestDecodingTests
{
    private static DecodeResult<ClientRequest> Decode(string json) => ProtocolSerializer.DecodeRequest(Encoding.UTF8.GetBytes(json));

    private static T DecodeOk<T>(string json) where T : ClientRequest
    {
        var result = Decode(json);
        Assert.Null(result.Error);
        return Assert.IsType<T>(result.Value);
    }

    private static ProtocolError DecodeError(string json) => DecodeError(Encoding.UTF8.GetBytes(json));

    private static ProtocolError DecodeError(byte[] frame)
    {
        var result = ProtocolSerializer.DecodeRequest(frame);
        Assert.Null(result.Value);
        return Assert.IsType<ProtocolError>(result.Error);
    }

    private static byte[] WithBytes(string before, byte[] bytes, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. bytes, .. Encoding.UTF8.GetBytes(after)];

    private const string BadId = "\"id\" must be a string of at most 64 characters or a 64-bit integer";
    private const string NoType = "a request needs a string field \"type\"";
    private const string NotUtf8 = "the frame is not valid UTF-8";

    // ---- duplicate keys: the last one counts ---------------------------------------------

    [Fact]
    public void A_duplicate_field_counts_with_its_last_value_even_when_an_earlier_one_was_wrong()
    {
        Assert.Equal("two", DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":5,\"text\":\"two\"}").Text);
        Assert.Equal("hi", DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":{\"a\":[1]},\"text\":\"hi\"}").Text);
    }

    [Fact]
    public void A_duplicate_field_fails_when_its_last_value_is_wrong()
    {
        var error = DecodeError("{\"type\":\"say\",\"text\":\"one\",\"id\":\"d\",\"text\":5}");

        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, "field \"text\" must be a string", "d"), error);
    }

    [Fact]
    public void A_null_after_a_value_removes_it()
    {
        Assert.Equal(ProtocolInfo.Lobby, DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"hi\",\"room\":\"general\",\"room\":null}").Room);
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, "missing string field \"text\""),
            DecodeError("{\"type\":\"say\",\"text\":\"hi\",\"text\":null}"));
    }

    [Fact]
    public void A_duplicate_id_counts_with_its_last_value()
    {
        Assert.Equal(RequestRef.Of(7), DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":\"a\",\"id\":7}").Id);
        Assert.Equal(RequestRef.Of("b"), DecodeOk<PingRequest>("{\"id\":{},\"type\":\"ping\",\"id\":\"b\"}").Id);
        Assert.Null(DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":\"a\",\"id\":null}").Id);
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, BadId), DecodeError("{\"type\":\"ping\",\"id\":7,\"id\":1.5}"));
    }

    [Fact]
    public void A_duplicate_type_counts_with_its_last_value()
    {
        DecodeOk<PingRequest>("{\"type\":\"shout\",\"type\":\"ping\"}");
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, NoType, "x"), DecodeError("{\"type\":\"ping\",\"id\":\"x\",\"type\":5}"));
        Assert.Equal(new ProtocolError(ErrorCodes.UnknownType, "unknown request type \"shout\"", "x"),
            DecodeError("{\"type\":\"ping\",\"id\":\"x\",\"type\":\"shout\"}"));
    }

    // ---- the id is attached to every later error, wherever it is in the frame -------------

    [Theory]
    [InlineData("{\"type\":\"say\",\"text\":5,\"id\":\"late\"}", ErrorCodes.BadRequest, "field \"text\" must be a string")]
    [InlineData("{\"text\":\"hi\",\"type\":\"dm\",\"to\":5,\"id\":\"late\"}", ErrorCodes.BadRequest, "field \"to\" must be a string")]
    [InlineData("{\"type\":\"history\",\"limit\":0,\"room\":\"r\",\"id\":\"late\"}", ErrorCodes.BadRequest, "field \"limit\" must be an integer from 1")]
    [InlineData("{\"type\":\"history\",\"before\":1.5,\"room\":\"r\",\"id\":\"late\"}", ErrorCodes.BadRequest, "field \"before\" must be an integer")]
    [InlineData("{\"x\":1,\"id\":\"late\"}", ErrorCodes.BadRequest, NoType)]
    [InlineData("{\"type\":\"nope\",\"x\":[1,{\"id\":\"inner\"}],\"id\":\"late\"}", ErrorCodes.UnknownType, "unknown request type \"nope\"")]
    public void An_id_after_the_other_fields_is_still_the_ref_of_the_error(string json, string code, string message)
    {
        Assert.Equal(new ProtocolError(code, message, "late"), DecodeError(json));
    }

    [Fact]
    public void An_id_inside_a_nested_value_is_not_the_id()
    {
        Assert.Null(DecodeOk<PingRequest>("{\"type\":\"ping\",\"x\":{\"id\":\"inner\"}}").Id);
        Assert.Null(DecodeError("{\"type\":\"nope\",\"x\":{\"id\":\"inner\",\"type\":\"ping\"}}").Ref);
    }

    [Fact]
    public void A_bad_id_wins_over_every_other_field_error()
    {
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, BadId), DecodeError("{\"text\":5,\"type\":\"say\",\"id\":[1]}"));
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, BadId), DecodeError("{\"id\":true}"));
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, BadId), DecodeError("{\"type\":5,\"id\":1e3}"));
    }

    [Fact]
    public void Fields_are_checked_in_the_order_of_the_request_not_of_the_frame()
    {
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, "field \"to\" must be a string"),
            DecodeError("{\"type\":\"dm\",\"text\":5,\"to\":5}"));
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, "missing string field \"room\""),
            DecodeError("{\"type\":\"history\",\"limit\":0,\"before\":\"x\"}"));
    }

    [Fact]
    public void Fields_of_other_request_types_are_not_checked()
    {
        DecodeOk<PingRequest>("{\"type\":\"ping\",\"text\":5,\"room\":[],\"limit\":\"x\",\"name\":{},\"to\":1.5}");
        Assert.Equal(new ProtocolError(ErrorCodes.UnknownType, "unknown request type \"nope\""), DecodeError("{\"type\":\"nope\",\"text\":5}"));
    }

    // ---- escapes ------------------------------------------------------------------------

    [Fact]
    public void Escaped_field_names_and_type_values_are_read_unescaped()
    {
        var request = DecodeOk<SayRequest>("{\"\\u0074ype\":\"s\\u0061y\",\"te\\u0078t\":\"hi\",\"\\u0069d\":\"e\"}");

        Assert.Equal(new SayRequest("hi") { Id = "e" }, request);
    }

    [Fact]
    public void The_type_of_an_unknown_request_is_quoted_unescaped_and_cut_at_40_characters()
    {
        var name = new string('x', 45);

        Assert.Equal("unknown request type \"" + new string('x', 40) + "…\"", DecodeError("{\"type\":\"" + name + "\"}").Message);
        Assert.Equal("unknown request type \"\ufffdé\"", DecodeError("{\"type\":\"\\ud800\\u00e9\"}").Message);
    }

    [Theory]
    [InlineData("a\\ud800b", "a\ufffdb")]
    [InlineData("a\\udc00b", "a\ufffdb")]
    [InlineData("\\ud800", "\ufffd")]
    [InlineData("\\ud800\\ud800\\udc00", "\ufffd\U00010000")]
    [InlineData("\\ud800\\u0041", "\ufffdA")]
    [InlineData("\\ud800\\n", "\ufffd\n")]
    [InlineData("\\udc00\\ud800", "\ufffd\ufffd")]
    [InlineData("\\ud83d\\udc4b", "👋")]
    [InlineData("\\uD83D\\uDC4B", "👋")]
    [InlineData("\\\"\\\\\\/\\b\\f\\n\\r\\t", "\"\\/\b\f\n\r\t")]
    [InlineData("é\\u00e9👋", "éé👋")]
    public void Escapes_are_read_as_before_with_each_lone_surrogate_replaced(string escaped, string expected)
    {
        Assert.Equal(expected, DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"" + escaped + "\"}").Text);
    }

    [Fact]
    public void An_escaped_id_counts_characters_after_unescaping()
    {
        var pairs = string.Concat(Enumerable.Repeat("\\ud83d\\udc4b", 64));

        Assert.Equal(RequestRef.Of(string.Concat(Enumerable.Repeat("👋", 64))), DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":\"" + pairs + "\"}").Id);
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, BadId), DecodeError("{\"type\":\"ping\",\"id\":\"" + pairs + "\\u0041\"}"));
    }

    // ---- numbers ------------------------------------------------------------------------

    [Theory]
    [InlineData("-0", 0L)]
    [InlineData("0", 0L)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void An_integer_id_is_read_as_a_64_bit_integer(string literal, long expected)
    {
        Assert.Equal(RequestRef.Of(expected), DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":" + literal + "}").Id);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("-0.0")]
    [InlineData("1e0")]
    [InlineData("1E2")]
    [InlineData("-9223372036854775809")]
    public void An_integer_field_given_another_way_is_bad_request(string literal)
    {
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, "field \"limit\" must be an integer from 1", "h"),
            DecodeError("{\"type\":\"history\",\"room\":\"r\",\"id\":\"h\",\"limit\":" + literal + "}"));
        Assert.Equal(new ProtocolError(ErrorCodes.BadRequest, "field \"before\" must be an integer", "h"),
            DecodeError("{\"type\":\"history\",\"room\":\"r\",\"id\":\"h\",\"before\":" + literal + "}"));
    }

    // ---- which bad_json ----------------------------------------------------------------

    [Theory]
    [InlineData("{\"type\":\"ping\",\"x\":\"", "\"}")]                    // a value nobody reads
    [InlineData("{\"type\":\"ping\",\"x\":[{\"y\":\"", "\"}]}")]          // deep inside one
    [InlineData("{\"type\":\"ping\",\"", "\":1}")]                         // a field name
    [InlineData("{\"type\":\"ping\",\"x\":{\"", "\":1}}")]                 // a nested field name
    [InlineData("{\"type\":\"ping\",,\"x\":\"", "\"}")]                   // after a syntax error
    [InlineData("{\"type\":\"ping\"", "")]                                 // outside any string, where JSON is broken too
    [InlineData("[\"", "\"]")]                                             // in a frame that is not an object
    [InlineData("\"", "\"")]
    public void Invalid_UTF8_anywhere_is_bad_json_for_that_reason(string before, string after)
    {
        foreach (var bad in new byte[][] { [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF] })
            Assert.Equal(new ProtocolError(ErrorCodes.BadJson, NotUtf8), DecodeError(WithBytes(before, bad, after)));
    }

    [Fact]
    public void A_frame_that_is_not_an_object_is_checked_for_syntax_first()
    {
        Assert.Equal(new ProtocolError(ErrorCodes.BadJson, "a frame must be a JSON object"), DecodeError(" [1,{\"a\":[]}] "));
        Assert.StartsWith("the frame is not valid JSON: ", DecodeError("[1,]").Message);
        Assert.StartsWith("the frame is not valid JSON: ", DecodeError("[] x").Message);
        Assert.StartsWith("the frame is not valid JSON: ", DecodeError("1 2").Message);
    }

    [Fact]
    public void A_syntax_error_anywhere_wins_over_field_errors()
    {
        var error = DecodeError("{\"id\":{},\"type\":5,\"x\":[1,]}");

        Assert.Equal(ErrorCodes.BadJson, error.Code);
        Assert.StartsWith("the frame is not valid JSON: ", error.Message);
        Assert.Null(error.Ref);
    }

    [Fact]
    public void The_syntax_error_message_is_the_strict_readers_cut_at_120_characters()
    {
        var error = DecodeError("{\"type\":\"ping\",}");

        Assert.Equal(ErrorCodes.BadJson, error.Code);
        Assert.StartsWith("the frame is not valid JSON: The JSON object contains a trailing comma", error.Message);
        Assert.True(error.Message.Length <= "the frame is not valid JSON: ".Length + 121, error.Message);
    }
}
