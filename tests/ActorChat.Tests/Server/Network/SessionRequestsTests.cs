using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Metrics;
using ActorChat.Server.Network;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using ActorChat.Tests.Support;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Network;

/// <summary>
/// One frame's outcome, without the session actor: the reply it gets and the state it leads to.
/// Probes play the user directory and the rooms.
/// </summary>
public sealed class SessionRequestsTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly TestProbe _users;
    private readonly TestProbe _rooms;
    private readonly SessionLogin _login;
    private readonly SessionRequests _requests;

    public SessionRequestsTests()
    {
        _users = CreateTestProbe("users");
        _rooms = CreateTestProbe("rooms");
        var limits = new ServerLimits();
        var metrics = ChatMetrics.Of(Sys);
        _login = new SessionLogin(limits, _users, "127.0.0.1", metrics);
        var router = new ChatRequestRouter(_rooms, _users, _rooms, limits, _rooms.Port(), "127.0.0.1");
        _requests = new SessionRequests(limits, _login, router, metrics);
    }

    private static InboundFrame Request(ClientRequest request) => new(request, null, Flooding: false);

    private void LogIn()
    {
        _requests.Handle(Request(new LoginRequest("alice")), SessionPhase.AwaitingLogin);
        _users.ExpectMsg<ClaimName>();
        _login.Claimed(new NameClaimed("alice"), _users, new RecordingWatcher());
    }

    [Fact]
    public void A_frame_the_reader_could_not_take_gets_its_error_and_a_flood_ends_the_session()
    {
        var error = new ProtocolError(ErrorCodes.RateLimited, "slow down", RequestRef.Of(4));
        Assert.Equal(new SessionStep(new ErrorEvent(ErrorCodes.RateLimited, "slow down") { Ref = 4 }),
            _requests.Handle(new InboundFrame(null, error, Flooding: false), SessionPhase.Active));
        Assert.Equal(new SessionStep(new ErrorEvent(ErrorCodes.RateLimited, "slow down") { Ref = 4 }, SessionNext.Flood),
            _requests.Handle(new InboundFrame(null, error, Flooding: true), SessionPhase.AwaitingLogin));
    }

    [Fact]
    public void Before_login_only_a_login_or_register_goes_on_and_it_claims_the_name()
    {
        var step = _requests.Handle(Request(new SayRequest("hi") { Id = 1 }), SessionPhase.AwaitingLogin);
        Assert.Equal((ErrorCodes.NotLoggedIn, RequestRef.Of(1), SessionNext.SameState), (((ErrorEvent)step.Reply!).Code, step.Reply.Ref, step.Next));

        Assert.Equal(new SessionStep(null, SessionNext.ClaimingName), _requests.Handle(Request(new LoginRequest("alice")), SessionPhase.AwaitingLogin));
        _users.ExpectMsg(ClaimName.Guest("alice", "127.0.0.1"));
        Assert.Equal(new SessionStep(null, SessionNext.ClaimingName),
            _requests.Handle(Request(new RegisterRequest("bob", new Password("secret-one"))), SessionPhase.AwaitingLogin));
        Assert.Equal(ClaimKind.Register, _users.ExpectMsg<ClaimName>().Kind);
    }

    [Fact]
    public void A_login_the_gate_or_the_server_s_rules_refuse_claims_nothing_and_the_state_stays()
    {
        var step = _requests.Handle(Request(new LoginRequest("no spaces") { Id = 1 }), SessionPhase.AwaitingLogin);
        Assert.Equal((ErrorCodes.InvalidName, SessionNext.SameState), (((ErrorEvent)step.Reply!).Code, step.Next));

        var accountsOnly = new SessionRequests(new ServerLimits(), new SessionLogin(new ServerLimits { AccountsRequired = true }, _users, "127.0.0.1", ChatMetrics.Of(Sys)),
            new ChatRequestRouter(_rooms, _users, _rooms, new ServerLimits(), _rooms.Port(), "127.0.0.1"), ChatMetrics.Of(Sys));
        step = accountsOnly.Handle(Request(new LoginRequest("alice") { Id = 2 }), SessionPhase.AwaitingLogin);
        Assert.Equal((ErrorCodes.AccountRequired, RequestRef.Of(2), SessionNext.SameState), (((ErrorEvent)step.Reply!).Code, step.Reply.Ref, step.Next));

        _requests.Handle(Request(new LoginRequest("carol")), SessionPhase.AwaitingLogin);
        Assert.Equal("carol", _users.ExpectMsg<ClaimName>().Name); // the first claim the directory heard
    }

    [Fact]
    public void Logged_in_a_quit_ends_the_session_with_its_ref_a_ping_is_answered_and_chat_goes_to_the_router()
    {
        LogIn();
        Assert.Equal(new SessionStep(new PongEvent { Ref = 7 }), _requests.Handle(Request(new PingRequest { Id = 7 }), SessionPhase.Active));
        Assert.Equal(new SessionStep(null), _requests.Handle(Request(new JoinRequest("dev") { Id = 8 }), SessionPhase.Active));
        Assert.Equal("dev", _rooms.ExpectMsg<JoinRoom>().RoomName);

        var notIn = _requests.Handle(Request(new SayRequest("hi", "elsewhere") { Id = 9 }), SessionPhase.Active);
        Assert.Equal((ErrorCodes.NotInRoom, RequestRef.Of(9)), (((ErrorEvent)notIn.Reply!).Code, notIn.Reply.Ref));
        Assert.Equal(new SessionStep(null, SessionNext.Quit, RequestRef.Of("q")), _requests.Handle(Request(new QuitRequest { Id = "q" }), SessionPhase.Active));
    }

    [Fact]
    public void Logged_in_a_guest_s_register_goes_to_the_directory_for_the_name_it_holds_and_a_login_is_refused()
    {
        LogIn();
        Assert.Equal(new SessionStep(null), _requests.Handle(Request(new RegisterRequest("alice", new Password("secret-one")) { Id = 1 }), SessionPhase.Active));
        _users.ExpectMsg(new RegisterHeldName(new Password("secret-one"), "127.0.0.1", 1));

        var again = _requests.Handle(Request(new LoginRequest("bob") { Id = 2 }), SessionPhase.Active);
        Assert.Equal((ErrorCodes.AlreadyLoggedIn, SessionNext.SameState), (((ErrorEvent)again.Reply!).Code, again.Next));
    }
}
