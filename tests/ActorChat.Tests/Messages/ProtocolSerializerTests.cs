using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ActorChat.Tests.Messages;

public class ProtocolSerializerTests
{
    private static readonly DateTime Time = new(2026, 11, 25, 11, 2, 3, 123, DateTimeKind.Utc);

    private static DecodeResult<ClientRequest> Decode(string json) =>
        ProtocolSerializer.DecodeRequest(Encoding.UTF8.GetBytes(json));

    private static T DecodeOk<T>(string json) where T : ClientRequest
    {
        var result = Decode(json);
        Assert.Null(result.Error);
        Assert.True(result.IsSuccess);
        return Assert.IsType<T>(result.Value);
    }

    private static ProtocolError DecodeError(string json, string expectedCode)
    {
        var result = Decode(json);
        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.NotNull(result.Error);
        Assert.Equal(expectedCode, result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        return result.Error;
    }

    /// <summary>Parses JSON as it is on the wire, leaving dates as strings.</summary>
    private static JObject ParseRaw(string json) =>
        JsonConvert.DeserializeObject<JObject>(json, new JsonSerializerSettings { DateParseHandling = DateParseHandling.None })!;

    /// <summary>The frame without its LF, after checking it is exactly one line.</summary>
    private static string FrameText(byte[] frame)
    {
        Assert.Equal((byte)'\n', frame[^1]);
        var text = Encoding.UTF8.GetString(frame, 0, frame.Length - 1);
        Assert.DoesNotContain('\n', text);
        Assert.DoesNotContain('\r', text);
        return text;
    }

    // ---- round trips ------------------------------------------------------------------

    public static TheoryData<ClientRequest> AllRequests => new()
    {
        new LoginRequest("alice"),
        new LoginRequest("Zoë") { Id = "login-1" },
        new LoginRequest("alice", new Password("correct horse battery")) { Id = "l2" },
        new RegisterRequest("alice", new Password("correct horse battery")),
        new RegisterRequest("Zoë", new Password("pässwörd \"quoted\" 👋")) { Id = 3L },
        new PasswdRequest(new Password("old password"), new Password("new password")) { Id = "p1" },
        new SayRequest("Good morning everyone!"),
        new SayRequest("line one\nline two\ttabbed", "general") { Id = 42L },
        new SayRequest("\"quoted\" \\ back-slashed 👋 名前"),
        new DmRequest("bob", "hi") { Id = "m2" },
        new JoinRequest("general"),
        new LeaveRequest("general") { Id = -7L },
        new WhoRequest(),
        new WhoRequest("general") { Id = "w" },
        new RoomsRequest(),
        new RoomsRequest { Id = long.MaxValue },
        new HistoryRequest("lobby"),
        new HistoryRequest("general", 1234, 200) { Id = "h1" },
        new HistoryRequest("general", -5, 1),
        new DirectHistoryRequest("bob"),
        new DirectHistoryRequest("Zoë", 77, 20) { Id = "h2" },
        new PingRequest(),
        new PingRequest { Id = long.MinValue },
        new QuitRequest(),
        new QuitRequest("gone fishing") { Id = "q" },
        new StatsRequest(),
        new StatsRequest { Id = "s1" },
    };

    [Theory]
    [MemberData(nameof(AllRequests))]
    public void Every_request_round_trips(ClientRequest request)
    {
        var frame = ProtocolSerializer.EncodeRequest(request);

        var decoded = ProtocolSerializer.DecodeRequest(frame.AsSpan(0, frame.Length - 1));

        Assert.Null(decoded.Error);
        Assert.Equal(request, decoded.Value);
    }

    [Theory]
    [MemberData(nameof(AllRequests))]
    public void Every_request_encodes_as_one_line_with_type_first(ClientRequest request)
    {
        var json = FrameText(ProtocolSerializer.EncodeRequest(request));

        Assert.StartsWith("{\"type\":\"" + request.Type + "\"", json);
        var obj = ParseRaw(json);
        Assert.Equal("type", obj.Properties().First().Name);
    }

    public static TheoryData<ServerEvent> AllEvents => new()
    {
        new WelcomeEvent("alice", ProtocolInfo.Version, "ActorChat 1.0.0"),
        new WelcomeEvent("alice", 1, "ActorChat 1.0.0", "Be nice.") { Ref = "login-1" },
        new WelcomeEvent("alice", 2, "ActorChat 1.0.0") { Account = true, Ref = "l2" },
        new WelcomeEvent("bob", 2, "ActorChat 1.0.0") { Account = false },
        new DirectHistoryEvent("bob", []),
        new DirectHistoryEvent("bob", [ChatMessage.Direct(1, "bob", "alice", "hi", Time), ChatMessage.Direct(2, "alice", "bob", "hello", Time)]) { Ref = "h2" },
        new OkEvent { Ref = "p1" },
        new ErrorEvent(ErrorCodes.TooManyAttempts, "too many failed attempts; try again in 10 s") { RetryAfter = 10, Ref = "l3" },
        new ByeEvent(ByeReasons.Replaced),
        ChatMessage.InRoom(1, "lobby", "alice", "Good morning everyone!", Time) with { Ref = "m1" },
        ChatMessage.InRoom(2, "general", "bob", "two\nlines\tand a tab 👋", Time),
        ChatMessage.Direct(3, "bob", "alice", "hi", Time),
        ChatMessage.Direct(long.MaxValue, "bob", "alice", "hi", Time) with { Ref = 9L },
        new JoinedEvent("lobby", "alice", 1),
        new JoinedEvent("general", "bob", 3) { Ref = "j" },
        new LeftEvent("lobby", "alice", 0, LeftReasons.Disconnected),
        new LeftEvent("general", "bob", 2, LeftReasons.Leave) { Ref = 5L },
        new LeftEvent("lobby", "carol", 4, ByeReasons.Idle),
        new HistoryEvent("lobby", []),
        new HistoryEvent("general",
        [
            ChatMessage.InRoom(1, "general", "alice", "first", Time),
            ChatMessage.InRoom(2, "general", "bob", "second", Time.AddSeconds(1)),
        ]) { Ref = "h1" },
        new WhoEvent("lobby", []),
        new WhoEvent("lobby", ["alice", "bob", "Zoë"]) { Ref = "w" },
        new RoomsEvent([]),
        new RoomsEvent([new RoomSummary("lobby", 2), new RoomSummary("general", 1)]) { Ref = 1L },
        new PongEvent(),
        new PongEvent { Ref = "p" },
        new ErrorEvent(ErrorCodes.NoSuchUser, "no user named bob is logged in"),
        new ErrorEvent(ErrorCodes.BadRequest, "missing string field \"text\"") { Ref = 17L },
        new ByeEvent(ByeReasons.Quit) { Ref = "q" },
        new ByeEvent(ByeReasons.Shutdown),
        new StatsEvent(0, 0, 1, 0),
        new StatsEvent(2, 1, 3, 4) { Ref = "s1" },
    };

    [Theory]
    [MemberData(nameof(AllEvents))]
    public void Every_event_round_trips(ServerEvent ev)
    {
        var frame = ProtocolSerializer.EncodeEvent(ev);

        var decoded = ProtocolSerializer.DecodeEvent(frame.AsSpan(0, frame.Length - 1));

        Assert.Null(decoded.Error);
        Assert.IsType(ev.GetType(), decoded.Value);
        Assert.Equal(ev, decoded.Value);
    }

    [Theory]
    [MemberData(nameof(AllEvents))]
    public void Every_event_encodes_as_one_line_with_type_first(ServerEvent ev)
    {
        var json = FrameText(ProtocolSerializer.EncodeEvent(ev));

        Assert.StartsWith("{\"type\":\"" + ev.Type + "\"", json);
        var obj = ParseRaw(json);
        Assert.Equal("type", obj.Properties().First().Name);
        Assert.Equal(ev.Ref is not null, obj.ContainsKey("ref"));
    }

    [Fact]
    public void Every_request_and_event_type_is_covered_by_the_round_trip_data()
    {
        var requestTypes = typeof(ClientRequest).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ClientRequest)) && !t.IsAbstract).ToHashSet();
        var eventTypes = typeof(ServerEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ServerEvent)) && !t.IsAbstract).ToHashSet();

        Assert.Equal(14, requestTypes.Count);
        Assert.Equal(13, eventTypes.Count);
        Assert.Equal(requestTypes, ((IEnumerable<object[]>)AllRequests).Select(r => r[0].GetType()).ToHashSet());
        Assert.Equal(eventTypes, ((IEnumerable<object[]>)AllEvents).Select(r => r[0].GetType()).ToHashSet());
    }

    // ---- exact encodings --------------------------------------------------------------

    [Fact]
    public void The_example_frames_of_the_protocol_are_encoded_exactly()
    {
        Assert.Equal("{\"type\":\"welcome\",\"name\":\"alice\",\"protocol\":1,\"server\":\"ActorChat 1.0.0\"}",
            ProtocolSerializer.ToJson(new WelcomeEvent("alice", 1, "ActorChat 1.0.0")));
        Assert.Equal("{\"type\":\"history\",\"room\":\"lobby\",\"messages\":[]}",
            ProtocolSerializer.ToJson(new HistoryEvent("lobby", [])));
        Assert.Equal("{\"type\":\"joined\",\"room\":\"lobby\",\"name\":\"alice\",\"members\":1}",
            ProtocolSerializer.ToJson(new JoinedEvent("lobby", "alice", 1)));
        Assert.Equal(
            "{\"type\":\"message\",\"id\":1,\"room\":\"lobby\",\"from\":\"alice\",\"text\":\"Good morning everyone!\",\"time\":\"2026-11-25T11:02:03.123Z\",\"ref\":\"m1\"}",
            ProtocolSerializer.ToJson(ChatMessage.InRoom(1, "lobby", "alice", "Good morning everyone!", Time) with { Ref = "m1" }));
        Assert.Equal("{\"type\":\"error\",\"code\":\"no_such_user\",\"message\":\"no user named bob is logged in\"}",
            ProtocolSerializer.ToJson(new ErrorEvent("no_such_user", "no user named bob is logged in")));
        Assert.Equal("{\"type\":\"bye\",\"reason\":\"quit\"}", ProtocolSerializer.ToJson(new ByeEvent("quit")));
        Assert.Equal("{\"type\":\"pong\"}", ProtocolSerializer.ToJson(new PongEvent()));
    }

    [Fact]
    public void A_direct_message_has_to_and_no_room()
    {
        var obj = ParseRaw(ProtocolSerializer.ToJson(ChatMessage.Direct(3, "bob", "alice", "hi", Time)));

        Assert.Equal("bob", (string?)obj["to"]);
        Assert.False(obj.ContainsKey("room"));
    }

    [Fact]
    public void History_messages_carry_type_message()
    {
        var json = ProtocolSerializer.ToJson(new HistoryEvent("lobby", [ChatMessage.InRoom(1, "lobby", "a", "x", Time)]));

        var message = (JObject)ParseRaw(json)["messages"]![0]!;
        Assert.Equal("message", (string?)message["type"]);
        Assert.False(message.ContainsKey("ref"));
    }

    [Fact]
    public void Encoded_frame_is_utf8_followed_by_one_LF()
    {
        var frame = ProtocolSerializer.EncodeEvent(ChatMessage.InRoom(1, "lobby", "Zoë", "名前 👋", Time));

        Assert.Equal((byte)'\n', frame[^1]);
        Assert.Equal(1, frame.Count(b => b == (byte)'\n'));
        Assert.Contains("\"from\":\"Zoë\",\"text\":\"名前 👋\"", Encoding.UTF8.GetString(frame));
    }

    [Theory]
    [InlineData("one\ntwo")]
    [InlineData("one\r\ntwo")]
    [InlineData("\n\n\n")]
    [InlineData("tab\there")]
    public void Text_with_line_breaks_stays_on_one_line(string text)
    {
        var requestFrame = ProtocolSerializer.EncodeRequest(new SayRequest(text));
        var eventFrame = ProtocolSerializer.EncodeEvent(ChatMessage.InRoom(1, "lobby", "a", text, Time));

        Assert.Equal(1, requestFrame.Count(b => b == (byte)'\n'));
        Assert.Equal(1, eventFrame.Count(b => b == (byte)'\n'));
        Assert.DoesNotContain((byte)'\r', requestFrame);
        Assert.DoesNotContain((byte)'\r', eventFrame);
        var json = FrameText(requestFrame);
        if (text.Contains('\n')) Assert.Contains("\\n", json);
        Assert.Equal(text, DecodeOk<SayRequest>(json).Text);
    }

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Unspecified)]
    public void Time_is_written_as_UTC_ISO_8601_with_milliseconds_and_Z(DateTimeKind kind)
    {
        var time = DateTime.SpecifyKind(new DateTime(2026, 1, 2, 3, 4, 5, 6), kind);

        var obj = ParseRaw(ProtocolSerializer.ToJson(ChatMessage.InRoom(1, "lobby", "a", "x", time)));

        Assert.Equal(JTokenType.String, obj["time"]!.Type);
        Assert.Equal("2026-01-02T03:04:05.006Z", (string?)obj["time"]);
    }

    [Fact]
    public void Local_time_is_converted_to_UTC()
    {
        var utc = new DateTime(2026, 11, 25, 11, 2, 3, 123, DateTimeKind.Utc);

        var json = ProtocolSerializer.ToJson(ChatMessage.InRoom(1, "lobby", "a", "x", utc.ToLocalTime()));

        Assert.Contains("\"time\":\"2026-11-25T11:02:03.123Z\"", json);
    }

    [Fact]
    public void Time_is_written_with_milliseconds_even_when_they_are_zero()
    {
        var json = ProtocolSerializer.ToJson(ChatMessage.InRoom(1, "lobby", "a", "x", new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc)));

        Assert.Contains("\"time\":\"2026-11-25T00:00:00.000Z\"", json);
    }

    [Fact]
    public void Decoded_time_is_UTC()
    {
        var frame = "{\"type\":\"message\",\"id\":1,\"room\":\"lobby\",\"from\":\"a\",\"text\":\"x\",\"time\":\"2026-11-25T11:02:03.123Z\"}";

        var message = Assert.IsType<ChatMessage>(ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(frame)).Value);

        Assert.Equal(Time, message.Time);
        Assert.Equal(DateTimeKind.Utc, message.Time.Kind);
    }

    // ---- ids and refs -----------------------------------------------------------------

    [Fact]
    public void A_string_id_is_read_and_echoed_as_a_string_ref()
    {
        var request = DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":\"abc\"}");

        Assert.Equal(RequestRef.Of("abc"), request.Id);
        Assert.Equal("abc", request.Id!.Text);
        Assert.Null(request.Id.Number);
        Assert.Equal("{\"type\":\"pong\",\"ref\":\"abc\"}", ProtocolSerializer.ToJson(new PongEvent { Ref = request.Id }));
    }

    [Fact]
    public void An_integer_id_is_read_and_echoed_as_an_integer_ref()
    {
        var request = DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":12345}");

        Assert.Equal(RequestRef.Of(12345), request.Id);
        Assert.Equal(12345, request.Id!.Number);
        Assert.Null(request.Id.Text);
        Assert.Equal("{\"type\":\"pong\",\"ref\":12345}", ProtocolSerializer.ToJson(new PongEvent { Ref = request.Id }));
    }

    [Fact]
    public void A_numeric_looking_string_id_stays_a_string()
    {
        var request = DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":\"7\"}");

        Assert.NotEqual(RequestRef.Of(7), request.Id);
        Assert.Equal("{\"type\":\"pong\",\"ref\":\"7\"}", ProtocolSerializer.ToJson(new PongEvent { Ref = request.Id }));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    public void Edge_ids_are_accepted(string id)
    {
        var request = DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":" + id + "}");

        Assert.NotNull(request.Id);
        Assert.Equal("{\"type\":\"pong\",\"ref\":" + id + "}", ProtocolSerializer.ToJson(new PongEvent { Ref = request.Id }));
    }

    [Fact]
    public void An_id_of_64_characters_is_accepted()
    {
        var id = new string('i', 64);

        Assert.Equal(RequestRef.Of(id), DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":\"" + id + "\"}").Id);
    }

    [Fact]
    public void An_id_of_64_characters_outside_the_BMP_is_accepted()
    {
        var id = string.Concat(Enumerable.Repeat("👋", 64)); // 64 characters, 128 UTF-16 code units

        Assert.Equal(RequestRef.Of(id), DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":\"" + id + "\"}").Id);
    }

    [Fact]
    public void A_null_id_is_no_id()
    {
        Assert.Null(DecodeOk<PingRequest>("{\"type\":\"ping\",\"id\":null}").Id);
    }

    [Theory]
    [InlineData("\"iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii\"")] // 65
    [InlineData("{}")]
    [InlineData("{\"a\":1}")]
    [InlineData("[]")]
    [InlineData("[1]")]
    [InlineData("1.5")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("true")]
    [InlineData("9223372036854775808")]
    [InlineData("1000000000000000000000000000000")]
    public void A_bad_id_is_bad_request_without_ref(string id)
    {
        var error = DecodeError("{\"type\":\"ping\",\"id\":" + id + "}", ErrorCodes.BadRequest);

        Assert.Null(error.Ref);
    }

    [Fact]
    public void A_bad_id_is_reported_even_when_the_type_is_unknown()
    {
        DecodeError("{\"type\":\"nope\",\"id\":{}}", ErrorCodes.BadRequest);
    }

    // ---- bad_json ---------------------------------------------------------------------

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]                          // truncated 2-byte sequence
    [InlineData(new byte[] { 0xC0, 0xAF })]                    // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]              // encoded surrogate U+D800
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]        // above U+10FFFF
    public void Bad_UTF8_is_bad_json(byte[] bad)
    {
        var frame = Encoding.UTF8.GetBytes("{\"type\":\"say\",\"text\":\"x\",\"id\":\"a\"}");
        var withBadBytes = frame[..22].Concat(bad).Concat(frame[22..]).ToArray(); // inside the text value

        var result = ProtocolSerializer.DecodeRequest(withBadBytes);

        Assert.Equal(ErrorCodes.BadJson, result.Error?.Code);
        Assert.Null(result.Error!.Ref);
        Assert.Equal(ErrorCodes.BadJson, ProtocolSerializer.DecodeEvent(withBadBytes).Error?.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"type\":")]
    [InlineData("{\"type\":\"ping\"")]
    [InlineData("{\"type\":\"ping\",}x")]
    [InlineData("{\"type\" \"ping\"}")]
    [InlineData("{\"type\":\"ping\"}}")]
    [InlineData("{\"type\":\"ping\"}x")]
    [InlineData("{\"type\":\"say\",\"text\":\"unterminated}")]
    [InlineData("hello")]
    [InlineData("{\"type\":\"ping\",\"id\":\"a\",\"x\":tru}")]
    public void Invalid_JSON_is_bad_json(string json)
    {
        var error = DecodeError(json, ErrorCodes.BadJson);

        Assert.Null(error.Ref);
    }

    [Theory]
    [InlineData("{'type':'ping'}")]
    [InlineData("{type:\"ping\"}")]
    [InlineData("{\"type\":\"ping\",}")]
    [InlineData("{\"type\":\"ping\",\"x\":[1,2,]}")]
    [InlineData("{\"type\":\"ping\",\"x\":[1,,2]}")]
    [InlineData("{\"type\":\"ping\"/*comment*/}")]
    [InlineData("{\"type\":\"ping\"} // comment")]
    [InlineData("{\"type\":\"ping\",\"x\":NaN}")]
    [InlineData("{\"type\":\"ping\",\"x\":Infinity}")]
    [InlineData("{\"type\":\"ping\",\"x\":undefined}")]
    [InlineData("{\"type\":\"ping\",\"x\":0x10}")]
    [InlineData("{\"type\":\"ping\",\"x\":012}")]
    [InlineData("{\"type\":\"ping\",\"x\":+1}")]
    [InlineData("{\"type\":\"ping\",\"x\":.5}")]
    [InlineData("{\"type\":\"ping\",\"x\":new Date(1)}")]
    [InlineData("{\"type\":\"ping\",\"x\":\"tab\there\"}")]      // raw control character in a string
    [InlineData("{\"type\":\"ping\",\"x\":\"\\q\"}")]            // unknown escape
    [InlineData("\ufeff{\"type\":\"ping\"}")]                   // byte order mark
    public void JSON_extensions_that_are_not_JSON_are_bad_json(string json)
    {
        DecodeError(json, ErrorCodes.BadJson);
    }

    [Theory]
    [InlineData("{\"type\":\"stats\",\"sessions\":1,\"users\":1,\"rooms\":1,\"conversations\":69597423165108117386}")]
    [InlineData("{\"type\":\"joined\",\"room\":\"lobby\",\"name\":\"bob\",\"members\":99999999999}")]
    public void An_event_whose_count_does_not_fit_is_refused_not_thrown(string json) =>
        Assert.Equal(ErrorCodes.BadRequest, ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(json)).Error?.Code);

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"type\":\"ping\"}]")]
    [InlineData("42")]
    [InlineData("-1.5")]
    [InlineData("\"ping\"")]
    [InlineData("true")]
    [InlineData("null")]
    public void JSON_that_is_not_an_object_is_bad_json(string json)
    {
        DecodeError(json, ErrorCodes.BadJson);
        Assert.Equal(ErrorCodes.BadJson, ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(json)).Error?.Code);
    }

    [Theory]
    [InlineData("{\"type\":\"ping\"}{\"type\":\"ping\"}")]
    [InlineData("{\"type\":\"ping\"} {\"type\":\"ping\"}")]
    [InlineData("{\"type\":\"ping\"} 1")]
    [InlineData("{\"type\":\"ping\"} []")]
    [InlineData("{\"type\":\"ping\"} \"x\"")]
    public void Two_JSON_values_in_one_frame_are_bad_json(string json)
    {
        DecodeError(json, ErrorCodes.BadJson);
    }

    [Fact]
    public void Surrounding_whitespace_is_allowed()
    {
        DecodeOk<PingRequest>(" \t{\"type\":\"ping\"} \t");
    }

    [Theory]
    [InlineData("[", 10_000)]
    [InlineData("{\"a\":", 10_000)]
    [InlineData("[", 17)]
    public void Deeply_nested_JSON_is_bad_json_without_throwing(string opener, int depth)
    {
        var json = "{\"type\":\"ping\",\"x\":" + string.Concat(Enumerable.Repeat(opener, depth));

        DecodeError(json, ErrorCodes.BadJson);
        Assert.Equal(ErrorCodes.BadJson, ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(json)).Error?.Code);
    }

    [Fact]
    public void Deeply_nested_but_balanced_JSON_is_bad_json()
    {
        var json = "{\"type\":\"ping\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        DecodeError(json, ErrorCodes.BadJson);
    }

    [Fact]
    public void Nesting_up_to_the_maximum_depth_is_accepted_and_one_more_is_bad_json()
    {
        // The request object itself is depth 1.
        var inner = ProtocolSerializer.MaxJsonDepth - 1;
        DecodeOk<PingRequest>("{\"type\":\"ping\",\"x\":" + new string('[', inner) + new string(']', inner) + "}");
        DecodeError("{\"type\":\"ping\",\"x\":" + new string('[', inner + 1) + new string(']', inner + 1) + "}", ErrorCodes.BadJson);
    }

    [Fact]
    public void Modest_nesting_in_an_unknown_field_is_accepted()
    {
        DecodeOk<PingRequest>("{\"type\":\"ping\",\"x\":[[[{\"y\":[1,2,{}]}]]]}");
    }

    // ---- type -------------------------------------------------------------------------

    [Theory]
    [InlineData("{\"type\":\"shout\",\"id\":\"u1\"}", "u1")]
    [InlineData("{\"id\":7,\"type\":\"PING\"}", 7L)]
    [InlineData("{\"type\":\"\",\"id\":\"u2\"}", "u2")]
    [InlineData("{\"type\":\"welcome\",\"id\":\"u3\"}", "u3")]
    public void Unknown_type_is_unknown_type_with_ref(string json, object id)
    {
        var error = DecodeError(json, ErrorCodes.UnknownType);

        Assert.Equal(id is string s ? RequestRef.Of(s) : RequestRef.Of((long)id), error.Ref);
    }

    [Fact]
    public void Unknown_type_without_id_has_no_ref()
    {
        Assert.Null(DecodeError("{\"type\":\"shout\"}", ErrorCodes.UnknownType).Ref);
    }

    [Theory]
    [InlineData("{\"id\":\"t1\"}")]
    [InlineData("{\"id\":\"t1\",\"Type\":\"ping\"}")]
    [InlineData("{\"id\":\"t1\",\"type\":null}")]
    [InlineData("{\"id\":\"t1\",\"type\":5}")]
    [InlineData("{\"id\":\"t1\",\"type\":[\"ping\"]}")]
    [InlineData("{\"id\":\"t1\",\"type\":{\"name\":\"ping\"}}")]
    public void Missing_or_non_string_type_is_bad_request_with_ref(string json)
    {
        var error = DecodeError(json, ErrorCodes.BadRequest);

        Assert.Equal(RequestRef.Of("t1"), error.Ref);
    }

    [Fact]
    public void An_empty_object_is_bad_request()
    {
        Assert.Null(DecodeError("{}", ErrorCodes.BadRequest).Ref);
    }

    // ---- fields -----------------------------------------------------------------------

    [Theory]
    [InlineData("{\"type\":\"login\",\"id\":\"r\"}")]
    [InlineData("{\"type\":\"login\",\"id\":\"r\",\"name\":null}")]
    [InlineData("{\"type\":\"login\",\"id\":\"r\",\"Name\":\"alice\"}")]
    [InlineData("{\"type\":\"login\",\"id\":\"r\",\"name\":5}")]
    [InlineData("{\"type\":\"login\",\"id\":\"r\",\"name\":[\"alice\"]}")]
    [InlineData("{\"type\":\"say\",\"id\":\"r\"}")]
    [InlineData("{\"type\":\"say\",\"id\":\"r\",\"text\":5}")]
    [InlineData("{\"type\":\"say\",\"id\":\"r\",\"text\":true}")]
    [InlineData("{\"type\":\"say\",\"id\":\"r\",\"text\":{}}")]
    [InlineData("{\"type\":\"say\",\"id\":\"r\",\"text\":\"hi\",\"room\":[]}")]
    [InlineData("{\"type\":\"say\",\"id\":\"r\",\"text\":\"hi\",\"room\":1}")]
    [InlineData("{\"type\":\"dm\",\"id\":\"r\",\"text\":\"hi\"}")]
    [InlineData("{\"type\":\"dm\",\"id\":\"r\",\"to\":\"bob\"}")]
    [InlineData("{\"type\":\"dm\",\"id\":\"r\",\"to\":[\"bob\"],\"text\":\"hi\"}")]
    [InlineData("{\"type\":\"join\",\"id\":\"r\"}")]
    [InlineData("{\"type\":\"join\",\"id\":\"r\",\"room\":[]}")]
    [InlineData("{\"type\":\"leave\",\"id\":\"r\"}")]
    [InlineData("{\"type\":\"leave\",\"id\":\"r\",\"room\":false}")]
    [InlineData("{\"type\":\"who\",\"id\":\"r\",\"room\":[]}")]
    [InlineData("{\"type\":\"history\",\"id\":\"r\"}")]
    [InlineData("{\"type\":\"history\",\"id\":\"r\",\"room\":7}")]
    [InlineData("{\"type\":\"history\",\"id\":\"r\",\"room\":\"lobby\",\"before\":\"10\"}")]
    [InlineData("{\"type\":\"history\",\"id\":\"r\",\"room\":\"lobby\",\"before\":1.5}")]
    [InlineData("{\"type\":\"history\",\"id\":\"r\",\"room\":\"lobby\",\"limit\":\"10\"}")]
    [InlineData("{\"type\":\"history\",\"id\":\"r\",\"room\":\"lobby\",\"limit\":10.5}")]
    [InlineData("{\"type\":\"quit\",\"id\":\"r\",\"reason\":5}")]
    public void Missing_or_wrongly_typed_field_is_bad_request_with_ref(string json)
    {
        var error = DecodeError(json, ErrorCodes.BadRequest);

        Assert.Equal(RequestRef.Of("r"), error.Ref);
    }

    [Fact]
    public void A_bad_field_with_an_integer_id_carries_the_integer_ref()
    {
        var error = DecodeError("{\"type\":\"say\",\"text\":5,\"id\":99}", ErrorCodes.BadRequest);

        Assert.Equal(RequestRef.Of(99), error.Ref);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-9223372036854775808")]
    public void History_limit_below_one_is_bad_request(string limit)
    {
        var error = DecodeError("{\"type\":\"history\",\"room\":\"lobby\",\"limit\":" + limit + ",\"id\":\"h\"}", ErrorCodes.BadRequest);

        Assert.Equal(RequestRef.Of("h"), error.Ref);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    [InlineData(201)] // the server clamps it to 200; the library passes it on
    [InlineData(int.MaxValue)]
    public void History_limit_from_one_is_accepted(int limit)
    {
        var request = DecodeOk<HistoryRequest>("{\"type\":\"history\",\"room\":\"lobby\",\"limit\":" + limit + "}");

        Assert.Equal(limit, request.Limit);
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("9223372036854775807")]
    public void History_limit_beyond_int_saturates_instead_of_failing(string limit)
    {
        var request = DecodeOk<HistoryRequest>("{\"type\":\"history\",\"room\":\"lobby\",\"limit\":" + limit + "}");

        Assert.Equal(int.MaxValue, request.Limit);
    }

    [Theory]
    [InlineData("1000000000000000000000000000000")]
    [InlineData("-1000000000000000000000000000000")]
    [InlineData("9223372036854775808")]
    public void A_huge_integer_for_before_is_bad_request(string before)
    {
        var error = DecodeError("{\"type\":\"history\",\"room\":\"lobby\",\"before\":" + before + ",\"id\":\"h\"}", ErrorCodes.BadRequest);

        Assert.Equal(RequestRef.Of("h"), error.Ref);
    }

    [Fact]
    public void A_huge_integer_for_limit_is_bad_request()
    {
        DecodeError("{\"type\":\"history\",\"room\":\"lobby\",\"limit\":1000000000000000000000000000000}", ErrorCodes.BadRequest);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-3", -3L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Before_accepts_any_64_bit_integer(string before, long expected)
    {
        Assert.Equal(expected, DecodeOk<HistoryRequest>("{\"type\":\"history\",\"room\":\"lobby\",\"before\":" + before + "}").Before);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var request = DecodeOk<SayRequest>(
            "{\"type\":\"say\",\"text\":\"hi\",\"colour\":\"red\",\"extra\":{\"nested\":[1,2,3]},\"n\":1.5,\"b\":true,\"z\":null,\"big\":100000000000000000000000000000}");

        Assert.Equal(new SayRequest("hi"), request);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1e-400")]
    [InlineData("123456789012345678901234567890.123456789")]
    public void An_unknown_field_holding_a_very_large_or_small_float_is_ignored(string number)
    {
        DecodeOk<PingRequest>("{\"type\":\"ping\",\"x\":" + number + "}");
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1e-400")]
    [InlineData("123456789012345678901234567890.5")]
    public void A_huge_float_in_a_known_integer_field_is_bad_request(string number)
    {
        var error = DecodeError("{\"type\":\"history\",\"room\":\"lobby\",\"limit\":" + number + ",\"id\":\"h\"}", ErrorCodes.BadRequest);

        Assert.Equal(RequestRef.Of("h"), error.Ref);
    }

    [Fact]
    public void An_escaped_lone_surrogate_is_valid_JSON_and_reads_as_the_replacement_character()
    {
        // The syntax allows it; the reader replaces the lone half with U+FFFD, so no lone
        // surrogate ever reaches the server's name and text rules from the wire.
        var text = DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"a\\ud800b\"}").Text;

        Assert.Equal("a\ufffdb", text);
    }

    [Fact]
    public void From_and_time_in_a_say_request_are_ignored()
    {
        var request = DecodeOk<SayRequest>(
            "{\"type\":\"say\",\"text\":\"hi\",\"room\":\"general\",\"from\":\"mallory\",\"time\":\"2000-01-01T00:00:00.000Z\",\"id\":\"s\"}");

        Assert.Equal(new SayRequest("hi", "general") { Id = "s" }, request);
        Assert.DoesNotContain("mallory", ProtocolSerializer.ToJson(request));
        Assert.DoesNotContain("2000", ProtocolSerializer.ToJson(request));
    }

    [Fact]
    public void From_and_time_of_the_wrong_type_are_ignored_too()
    {
        DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"hi\",\"from\":[],\"time\":5}");
    }

    [Fact]
    public void Field_names_are_case_sensitive()
    {
        var request = DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"hi\",\"Room\":\"general\",\"ID\":\"x\"}");

        Assert.Equal(ProtocolInfo.Lobby, request.Room);
        Assert.Null(request.Id);
    }

    [Fact]
    public void Field_order_does_not_matter()
    {
        var request = DecodeOk<DmRequest>("{\"text\":\"hi\",\"id\":3,\"to\":\"bob\",\"type\":\"dm\"}");

        Assert.Equal(new DmRequest("bob", "hi") { Id = 3L }, request);
    }

    [Fact]
    public void Say_room_defaults_to_lobby()
    {
        Assert.Equal("lobby", DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"hi\"}").Room);
        Assert.Equal("lobby", DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"hi\",\"room\":null}").Room);
        Assert.Equal("lobby", new SayRequest("hi").Room);
    }

    [Fact]
    public void Who_room_defaults_to_lobby()
    {
        Assert.Equal("lobby", DecodeOk<WhoRequest>("{\"type\":\"who\"}").Room);
        Assert.Equal("lobby", DecodeOk<WhoRequest>("{\"type\":\"who\",\"room\":null}").Room);
        Assert.Equal("lobby", new WhoRequest().Room);
    }

    [Fact]
    public void History_limit_defaults_to_50_and_before_to_none()
    {
        var request = DecodeOk<HistoryRequest>("{\"type\":\"history\",\"room\":\"general\"}");

        Assert.Equal(50, request.Limit);
        Assert.Null(request.Before);
        Assert.Equal(ProtocolInfo.DefaultHistoryLimit, new HistoryRequest("x").Limit);
    }

    [Fact]
    public void Quit_reason_is_optional()
    {
        Assert.Null(DecodeOk<QuitRequest>("{\"type\":\"quit\"}").Reason);
        Assert.Equal("bye all", DecodeOk<QuitRequest>("{\"type\":\"quit\",\"reason\":\"bye all\"}").Reason);
    }

    [Fact]
    public void The_library_does_not_judge_names_or_text()
    {
        // invalid_name, invalid_room and invalid_text are the server's answers, not the decoder's.
        Assert.Equal("", DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"\"}").Text);
        Assert.Equal("no good", DecodeOk<LoginRequest>("{\"type\":\"login\",\"name\":\"no good\"}").Name);
        Assert.Equal("\u0007", DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"\\u0007\"}").Text);
    }

    [Fact]
    public void Escaped_LF_in_a_request_string_is_decoded()
    {
        Assert.Equal("a\nb", DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"a\\nb\"}").Text);
    }

    [Fact]
    public void Duplicate_fields_keep_the_last_value()
    {
        Assert.Equal("two", DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"one\",\"text\":\"two\"}").Text);
    }

    // ---- events (client side) ---------------------------------------------------------

    [Fact]
    public void An_event_with_unknown_fields_is_read()
    {
        var ev = ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes("{\"type\":\"pong\",\"new\":{\"x\":1},\"ref\":\"p\"}"));

        Assert.Equal(new PongEvent { Ref = "p" }, ev.Value);
    }

    [Fact]
    public void An_unknown_event_type_is_unknown_type()
    {
        Assert.Equal(ErrorCodes.UnknownType, ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes("{\"type\":\"ping\"}")).Error?.Code);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"type\":1}")]
    public void An_event_without_a_string_type_is_bad_request(string json)
    {
        Assert.Equal(ErrorCodes.BadRequest, ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(json)).Error?.Code);
    }

    [Theory]
    [InlineData("{\"type\":\"joined\",\"room\":\"lobby\",\"name\":\"a\",\"members\":\"many\"}")]
    [InlineData("{\"type\":\"message\",\"id\":1,\"room\":\"lobby\",\"from\":\"a\",\"text\":\"x\",\"time\":\"yesterday\"}")]
    [InlineData("{\"type\":\"who\",\"room\":\"lobby\",\"members\":5}")]
    [InlineData("{\"type\":\"pong\",\"ref\":1.5}")]
    [InlineData("{\"type\":\"pong\",\"ref\":{}}")]
    public void A_malformed_event_is_an_error_not_an_exception(string json)
    {
        var result = ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.BadRequest, result.Error?.Code);
    }

    [Fact]
    public void The_example_session_frames_from_the_server_decode()
    {
        string[] frames =
        [
            "{\"type\":\"welcome\",\"name\":\"alice\",\"protocol\":1,\"server\":\"ActorChat 1.0.0\"}",
            "{\"type\":\"history\",\"room\":\"lobby\",\"messages\":[]}",
            "{\"type\":\"joined\",\"room\":\"lobby\",\"name\":\"alice\",\"members\":1}",
            "{\"type\":\"message\",\"id\":1,\"room\":\"lobby\",\"from\":\"alice\",\"text\":\"Good morning everyone!\",\"time\":\"2026-11-25T11:02:03.123Z\",\"ref\":\"m1\"}",
            "{\"type\":\"error\",\"code\":\"no_such_user\",\"message\":\"no user named bob is logged in\"}",
            "{\"type\":\"bye\",\"reason\":\"quit\"}",
        ];
        ServerEvent[] expected =
        [
            new WelcomeEvent("alice", 1, "ActorChat 1.0.0"),
            new HistoryEvent("lobby", []),
            new JoinedEvent("lobby", "alice", 1),
            ChatMessage.InRoom(1, "lobby", "alice", "Good morning everyone!", Time) with { Ref = "m1" },
            new ErrorEvent("no_such_user", "no user named bob is logged in"),
            new ByeEvent("quit"),
        ];

        for (var i = 0; i < frames.Length; i++)
        {
            var decoded = ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(frames[i]));
            Assert.Equal(expected[i], decoded.Value);
            Assert.Equal(frames[i], ProtocolSerializer.ToJson(decoded.Value!));
        }
    }

    [Fact]
    public void The_example_session_frames_from_the_client_decode()
    {
        Assert.Equal(new LoginRequest("alice"), DecodeOk<LoginRequest>("{\"type\":\"login\",\"name\":\"alice\"}"));
        Assert.Equal(new SayRequest("Good morning everyone!") { Id = "m1" },
            DecodeOk<SayRequest>("{\"type\":\"say\",\"text\":\"Good morning everyone!\",\"id\":\"m1\"}"));
        Assert.Equal(new DmRequest("bob", "hi"), DecodeOk<DmRequest>("{\"type\":\"dm\",\"to\":\"bob\",\"text\":\"hi\"}"));
        Assert.Equal(new QuitRequest(), DecodeOk<QuitRequest>("{\"type\":\"quit\"}"));
    }
}
