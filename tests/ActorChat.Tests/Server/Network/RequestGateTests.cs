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
    ];

    [Theory]
    [MemberData(nameof(NonLoginRequests))]
    public void Before_login_only_login_passes(ClientRequest request)
    {
        var error = RequestGate.Check(SessionPhase.AwaitingLogin, request with { Id = "r1" });
        Assert.Equal(ErrorCodes.NotLoggedIn, error?.Code);
        Assert.Equal(RequestRef.Of("r1"), error?.Ref);
        Assert.Null(RequestGate.Check(SessionPhase.Active, request));
    }

    [Fact]
    public void Login_passes_once()
    {
        Assert.Null(RequestGate.Check(SessionPhase.AwaitingLogin, new LoginRequest("alice")));
        Assert.Equal(ErrorCodes.AlreadyLoggedIn, RequestGate.Check(SessionPhase.Active, new LoginRequest("alice"))?.Code);
    }
}
