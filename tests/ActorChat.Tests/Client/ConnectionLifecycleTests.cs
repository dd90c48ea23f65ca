using ActorChat.Client.Network;
using ActorChat.Client.Session;

namespace ActorChat.Tests.Client;

public sealed class ConnectionLifecycleTests
{
    private static ConnectionLifecycle NewLifecycle() =>
        new(new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 1.0));

    [Fact]
    public void A_loss_schedules_the_next_attempt_with_growing_delays_until_a_login()
    {
        var link = NewLifecycle();
        var now = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        link.LoggedIn();
        Assert.True(link.IsOnline);

        Assert.Equal(TimeSpan.FromSeconds(1), link.Lost(now));
        Assert.Equal(ConnectionState.Reconnecting, link.State);
        Assert.Equal(now.AddSeconds(1), link.ReconnectAt);
        link.Attempting();
        Assert.Null(link.ReconnectAt);
        Assert.Equal(TimeSpan.FromSeconds(2), link.Lost(now));

        link.LoggedIn();
        Assert.Equal(TimeSpan.FromSeconds(1), link.Lost(now));
    }

    [Fact]
    public void Typed_lines_go_out_only_when_connected_and_caught_up()
    {
        var link = NewLifecycle();
        Assert.Equal(LinkState.Offline, link.Link(catchingUp: false));
        link.LoggedIn();
        Assert.Equal(LinkState.CatchingUp, link.Link(catchingUp: true));
        Assert.Equal(LinkState.Ready, link.Link(catchingUp: false));
    }

    [Fact]
    public void A_quit_waits_for_pending_lines_but_not_for_nothing()
    {
        var link = NewLifecycle();
        Assert.Equal(QuitStep.ByeNow, link.Quit(reconnecting: true, catchingUp: false, pendingCount: 0));
        Assert.Equal(QuitStep.AfterPending, link.Quit(reconnecting: true, catchingUp: false, pendingCount: 1));
        link.LoggedIn();
        Assert.Equal(QuitStep.AfterPending, link.Quit(reconnecting: true, catchingUp: true, pendingCount: 0));
        Assert.Equal(QuitStep.SendQuit, link.Quit(reconnecting: true, catchingUp: false, pendingCount: 0));
    }

    [Fact]
    public void The_end_of_a_connection_gives_the_exit_code_and_last_line()
    {
        var server = "127.0.0.1:7000";
        var refused = SessionEnding.After(new ConnectionEnded(ConnectionEndKind.ConnectFailed, "refused", null), quitting: false, server);
        Assert.Equal((ExitCodes.ConnectFailed, "! cannot connect to 127.0.0.1:7000: refused"), (refused.ExitCode, refused.Message));

        var afterQuit = SessionEnding.After(new ConnectionEnded(ConnectionEndKind.ClosedByServer, "closed", "quit"), quitting: true, server);
        Assert.Equal((ExitCodes.Normal, "* closed (bye: quit)"), (afterQuit.ExitCode, afterQuit.Message));
        Assert.False(afterQuit.IsError);

        var lost = SessionEnding.After(new ConnectionEnded(ConnectionEndKind.ClosedByServer, "closed", null), quitting: false, server);
        Assert.Equal((ExitCodes.ConnectionLost, "! closed"), (lost.ExitCode, lost.Message));
    }
}
