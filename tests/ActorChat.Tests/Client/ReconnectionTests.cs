using System.Net;
using ActorChat.Client;
using ActorChat.Client.Network;
using ActorChat.Client.Output;
using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

public sealed class ReconnectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<EndPoint> TwoServers = [new IPEndPoint(IPAddress.Loopback, 7000), new IPEndPoint(IPAddress.Loopback, 7001)];
    private static readonly ConnectionEnded Lost = new(ConnectionEndKind.Lost, "connection reset", null);
    private static readonly ConnectionEnded Refused = new(ConnectionEndKind.ConnectFailed, "refused", null);

    private readonly ClientState _state = new();
    private readonly ConnectionLifecycle _link = new(new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 1.0));
    private readonly CatchUpTracker _catchUps = new();
    private readonly SessionLogin _login;

    public ReconnectionTests() =>
        _login = new SessionLogin(_state, new SessionOutput(new RecordingDisplay(), NullSessionRecorder.Instance, TimeProvider.System), register: false);

    private Reconnection NewReconnection(bool reconnect = true, IReadOnlyList<EndPoint>? servers = null) =>
        new(_link, _login, _catchUps, reconnect, servers ?? TwoServers);

    private void LoggedIn()
    {
        _login.TryName("alice");
        _login.Welcomed(new WelcomeEvent("alice", 2, "Fake"));
        _state.Apply(new WelcomeEvent("alice", 2, "Fake"));
        _link.LoggedIn();
    }

    [Fact]
    public void A_lost_connection_is_tried_again_after_growing_delays_with_a_relogin_as_the_same_name()
    {
        var reconnection = NewReconnection();
        LoggedIn();
        _catchUps.Start(["lobby"], new ConversationState(), inLobby: true);
        Assert.True(_catchUps.InProgress);
        _login.Relogin();

        var step = reconnection.Ended(Lost, loggedIn: true, quitting: false, Now);
        Assert.Equal(TimeSpan.FromSeconds(1), step.ReconnectIn);
        Assert.Equal("! connection reset; reconnecting in 1 s", step.ErrorLine);
        Assert.IsType<CancelPasswordDialog>(Assert.Single(step.ToGate));
        Assert.Null(step.End);
        Assert.Equal((ConnectionState.Reconnecting, Now.AddSeconds(1)), (_link.State, _link.ReconnectAt));
        Assert.False(_catchUps.InProgress);
        Assert.False(_login.ReloginInFlight);

        var again = reconnection.Now();
        Assert.Equal([OpenConnection.Instance, new LogIn("alice", Relogin: true)], again.ToGate);
        Assert.Equal(ConnectionState.Connecting, _link.State);
        Assert.True(_login.ReloginInFlight);
        Assert.Equal(TimeSpan.FromSeconds(2), reconnection.Ended(Lost, loggedIn: true, quitting: false, Now).ReconnectIn);
    }

    [Fact]
    public void At_start_an_unreachable_server_passes_the_login_to_the_next_until_none_is_left()
    {
        var reconnection = NewReconnection();
        _login.TryName("alice");

        var next = reconnection.Ended(Refused, loggedIn: false, quitting: false, Now);
        Assert.Equal([OpenConnection.Instance, new LogIn("alice")], next.ToGate);
        Assert.Equal("! cannot connect: refused; trying the next server", next.ErrorLine);
        Assert.Null(next.ReconnectIn);

        var end = reconnection.Ended(Refused, loggedIn: false, quitting: false, Now).End;
        Assert.Equal((ExitCodes.ConnectFailed, "! cannot connect to 127.0.0.1:7000, 127.0.0.1:7001: refused"), (end?.ExitCode, end?.Message));
        Assert.Equal(end!.Message, end.ErrorLine);
    }

    [Fact]
    public void A_takeover_ends_the_session_even_when_it_would_reconnect()
    {
        LoggedIn();
        var end = NewReconnection().Ended(new ConnectionEnded(ConnectionEndKind.ClosedByServer, "closed", ByeReasons.Replaced), loggedIn: true, quitting: false, Now).End;
        Assert.Equal(ExitCodes.LoggedInElsewhere, end?.ExitCode);
        Assert.Contains("logged in as alice", end!.Message);
        Assert.Equal(ConnectionState.Connected, _link.State);
    }

    [Fact]
    public void After_quit_or_without_reconnect_the_end_of_the_connection_ends_the_session()
    {
        LoggedIn();
        var afterQuit = NewReconnection().Ended(new ConnectionEnded(ConnectionEndKind.ClosedByServer, "closed", "quit"), loggedIn: true, quitting: true, Now).End;
        Assert.Equal((ExitCodes.Normal, null), (afterQuit?.ExitCode, afterQuit?.ErrorLine));

        var lost = NewReconnection(reconnect: false).Ended(Lost, loggedIn: true, quitting: false, Now).End;
        Assert.Equal(ExitCodes.ConnectionLost, lost?.ExitCode);
    }

    [Fact]
    public void Reconnecting_stops_once_every_server_rejected_its_certificate_in_a_row()
    {
        LoggedIn();
        var reconnection = NewReconnection();
        var rejected = new ConnectionEnded(ConnectionEndKind.CertificateRejected, "untrusted certificate", null);
        Assert.NotNull(reconnection.Ended(rejected, loggedIn: true, quitting: false, Now).ReconnectIn);
        Assert.Equal(ExitCodes.ConnectFailed, reconnection.Ended(rejected, loggedIn: true, quitting: false, Now).End?.ExitCode);
    }

    [Fact]
    public void A_login_waiting_for_a_password_or_a_lock_out_is_offline_until_it_resumes_as_a_relogin()
    {
        var reconnection = NewReconnection();
        LoggedIn();
        _login.Relogin();

        reconnection.LoginWaiting(new LoginWaiting(ConnectionState.AwaitingPassword, null), Now);
        Assert.Equal((ConnectionState.AwaitingPassword, (DateTimeOffset?)null), (_link.State, _link.ReconnectAt));
        Assert.False(_login.ReloginInFlight);

        reconnection.LoginWaiting(new LoginWaiting(ConnectionState.Reconnecting, Now.AddSeconds(30)), Now);
        Assert.Equal((ConnectionState.Reconnecting, Now.AddSeconds(30)), (_link.State, _link.ReconnectAt));
        reconnection.LoginWaiting(new LoginWaiting(ConnectionState.Reconnecting, null), Now);
        Assert.Equal(Now, _link.ReconnectAt);

        reconnection.LoginResumed();
        Assert.Equal(ConnectionState.Connecting, _link.State);
        Assert.True(_login.ReloginInFlight);
    }
}
