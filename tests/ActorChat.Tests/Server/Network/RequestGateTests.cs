using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Server.Network;

namespace ActorChat.Tests.Server.Network;

public sealed class RequestGateTests
{
    public static TheoryData<ClientRequest> NonLoginRequests() =>
    [
        new SayRequest("hi"), new DmRequest("bob", "hi"), new JoinRequest("dev"), new LeaveRequest("dev"),
        new WhoRequest(), new RoomsRequest(), new HistoryRequest("lobby"), new PingRequest(), new QuitRequest(),
        new StatsRequest(),
    ];

    [Theory]
    [MemberData(nameof(NonLoginRequests))]
    public void Before_login_only_login_passes(ClientRequest request)
    {
        var error = RequestGate.Check(SessionPhase.AwaitingLogin, request with { Id = "r1" }, 4000);
        Assert.Equal(ErrorCodes.NotLoggedIn, error?.Code);
        Assert.Equal(RequestRef.Of("r1"), error?.Ref);
        Assert.Null(RequestGate.Check(SessionPhase.Active, request, 4000));
    }

    [Fact]
    public void Login_passes_once()
    {
        Assert.Null(RequestGate.Check(SessionPhase.AwaitingLogin, new LoginRequest("alice"), 4000));
        Assert.Equal(ErrorCodes.AlreadyLoggedIn, RequestGate.Check(SessionPhase.Active, new LoginRequest("alice"), 4000)?.Code);
    }

    public static TheoryData<ClientRequest, string> InvalidFields() => new()
    {
        { new LoginRequest("two words"), ErrorCodes.InvalidName },
        { new SayRequest(""), ErrorCodes.InvalidText },
        { new SayRequest("ring\u0007"), ErrorCodes.InvalidText },
        { new SayRequest(new string('x', 11)), ErrorCodes.InvalidText },
        { new SayRequest("hi", "no room!"), ErrorCodes.InvalidRoom },
        { new DmRequest("bob", "\u001b[31m"), ErrorCodes.InvalidText },
        { new JoinRequest(""), ErrorCodes.InvalidRoom },
        { new LeaveRequest(new string('r', 33)), ErrorCodes.InvalidRoom },
        { new WhoRequest("a b"), ErrorCodes.InvalidRoom },
        { new HistoryRequest("#x"), ErrorCodes.InvalidRoom },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void Names_rooms_and_text_are_checked_before_any_handler(ClientRequest request, string code)
    {
        var phase = request is LoginRequest ? SessionPhase.AwaitingLogin : SessionPhase.Active;
        var error = RequestGate.Check(phase, request with { Id = 8 }, maxTextLength: 10);
        Assert.Equal((code, RequestRef.Of(8)), (error?.Code, error?.Ref));
    }

    [Fact]
    public void Text_with_newlines_and_tabs_and_ten_characters_passes()
    {
        Assert.Null(RequestGate.Check(SessionPhase.Active, new SayRequest("a\nb\tc1234"), 10));
    }
}
