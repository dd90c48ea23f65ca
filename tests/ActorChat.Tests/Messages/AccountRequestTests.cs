using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Tests.Messages;

/// <summary>The version 2 requests and events of accounts and direct-message history, as the contract words them.</summary>
public class AccountRequestTests
{
    private static DecodeResult<ClientRequest> Decode(string json) => ProtocolSerializer.DecodeRequest(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_login_with_a_password_carries_it_and_one_without_has_none()
    {
        var with = Assert.IsType<LoginRequest>(Decode("""{"type":"login","name":"alice","password":"correct horse"}""").Value);
        var without = Assert.IsType<LoginRequest>(Decode("""{"type":"login","name":"alice"}""").Value);
        var nullPassword = Assert.IsType<LoginRequest>(Decode("""{"type":"login","name":"alice","password":null}""").Value);

        Assert.Equal("correct horse", with.Password!.Reveal());
        Assert.Null(without.Password);
        Assert.Null(nullPassword.Password);
    }

    [Fact]
    public void Register_and_passwd_need_their_password_fields_as_strings()
    {
        Assert.Equal("missing string field \"password\"", Decode("""{"type":"register","name":"alice","id":1}""").Error!.Message);
        Assert.Equal(ErrorCodes.BadRequest, Decode("""{"type":"register","name":"alice","password":12345678}""").Error!.Code);
        Assert.Equal("missing string field \"new\"", Decode("""{"type":"passwd","old":"aaaaaaaa"}""").Error!.Message);
        Assert.Equal("missing string field \"old\"", Decode("""{"type":"passwd","new":"aaaaaaaa"}""").Error!.Message);
        Assert.Equal(RequestRef.Of(1L), Decode("""{"type":"register","name":"alice","id":1}""").Error!.Ref);
    }

    [Fact]
    public void A_history_with_with_is_a_direct_history_and_with_both_is_a_bad_request()
    {
        var direct = Assert.IsType<DirectHistoryRequest>(Decode("""{"type":"history","with":"bob","before":9,"limit":5,"id":"h"}""").Value);
        var room = Assert.IsType<HistoryRequest>(Decode("""{"type":"history","room":"lobby"}""").Value);
        var both = Decode("""{"type":"history","room":"lobby","with":"bob","id":"x"}""");

        Assert.Equal(new DirectHistoryRequest("bob", 9, 5) { Id = "h" }, direct);
        Assert.Equal("lobby", room.Room);
        Assert.Equal(ErrorCodes.BadRequest, both.Error!.Code);
        Assert.Equal(RequestRef.Of("x"), both.Error.Ref);
        Assert.Equal("missing string field \"room\"", Decode("""{"type":"history"}""").Error!.Message);
        Assert.Equal(ErrorCodes.BadRequest, Decode("""{"type":"history","with":7}""").Error!.Code);
    }

    [Fact]
    public void A_password_never_shows_in_a_request_printed_or_in_an_error_about_it()
    {
        const string secret = "hunter2-is-my-password";
        var login = new LoginRequest("alice", new Password(secret));
        var passwd = new PasswdRequest(new Password(secret), new Password(secret + "!"));

        Assert.DoesNotContain(secret, login.ToString());
        Assert.DoesNotContain(secret, passwd.ToString());
        Assert.Contains(Password.Redacted, login.ToString());
        Assert.DoesNotContain("hunter2", Decode("{\"type\":\"passwd\",\"old\":\"" + secret + "\",\"new\":5}").Error!.Message);
    }

    [Fact]
    public void On_the_wire_a_password_is_the_plain_string_of_the_contract()
    {
        var frame = Encoding.UTF8.GetString(ProtocolSerializer.EncodeRequest(new RegisterRequest("alice", new Password("correct horse")) { Id = "r1" }));

        Assert.Equal("{\"type\":\"register\",\"name\":\"alice\",\"password\":\"correct horse\",\"id\":\"r1\"}\n", frame);
    }

    [Theory]
    [InlineData("1234567", false)]
    [InlineData("12345678", true)]
    [InlineData("👋👋👋👋👋👋👋👋", true)] // 8 characters, 16 UTF-16 code units
    public void Passwords_are_8_to_256_characters(string password, bool acceptable)
    {
        Assert.Equal(acceptable, PasswordRules.Check(new Password(password)) is null);
        Assert.Null(PasswordRules.Check(new Password(new string('x', 256))));
        Assert.NotNull(PasswordRules.Check(new Password(new string('x', 257))));
    }

    [Fact]
    public void The_events_of_version_2_decode_to_their_records()
    {
        static ServerEvent Event(string json) => ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(json)).Value!;

        Assert.Equal(true, Assert.IsType<WelcomeEvent>(Event("""{"type":"welcome","name":"a","protocol":2,"server":"s","account":true}""")).Account);
        Assert.Null(Assert.IsType<WelcomeEvent>(Event("""{"type":"welcome","name":"a","protocol":1,"server":"s"}""")).Account);
        Assert.Equal("bob", Assert.IsType<DirectHistoryEvent>(Event("""{"type":"history","with":"bob","messages":[]}""")).With);
        Assert.Equal("lobby", Assert.IsType<HistoryEvent>(Event("""{"type":"history","room":"lobby","messages":[]}""")).Room);
        Assert.Equal(RequestRef.Of("p"), Assert.IsType<OkEvent>(Event("""{"type":"ok","ref":"p"}""")).Ref);
        Assert.Equal(30, Assert.IsType<ErrorEvent>(Event("""{"type":"error","code":"too_many_attempts","message":"m","retry_after":30}""")).RetryAfter);
    }
}
