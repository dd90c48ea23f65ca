using ActorChat.Client.Session;

namespace ActorChat.Tests.Client;

public sealed class LoginFlowTests
{
    [Fact]
    public void Before_login_a_line_is_a_name_and_while_one_is_in_flight_lines_wait()
    {
        var flow = new LoginFlow();
        Assert.Equal(TypedLineRoute.TryAsName, flow.Route("alice", loggedIn: false));
        Assert.Equal("alice", flow.TryName(" alice ").Name);
        Assert.Equal(TypedLineRoute.Wait, flow.Route("hello", loggedIn: false));
        Assert.Equal(TypedLineRoute.Wait, flow.Route("/join dev", loggedIn: false));
        Assert.Equal(["hello", "/join dev"], flow.LoggedIn());
        Assert.Equal(TypedLineRoute.Chat, flow.Route("more", loggedIn: true));
    }

    [Fact]
    public void A_refused_name_makes_the_next_waiting_line_the_next_name()
    {
        var flow = new LoginFlow();
        flow.TryName("alice");
        flow.Route("alice2", loggedIn: false);
        flow.Route("hello", loggedIn: false);

        var next = flow.Refused();
        Assert.Equal("alice2", next.Name);
        Assert.Equal(["hello"], flow.LoggedIn());
    }

    [Fact]
    public void An_invalid_name_is_reported_and_skipped_then_the_flow_asks_or_gives_up()
    {
        var flow = new LoginFlow();
        var attempt = flow.TryName("no spaces allowed");
        Assert.Single(attempt.Problems);
        Assert.Contains("is not a valid name", attempt.Problems[0]);
        Assert.True(attempt.AskForName);

        Assert.True(flow.EndInput(loggedIn: false));
        var last = flow.TryName("still bad!");
        Assert.Equal("* no usable name given; bye", last.GiveUp);
    }

    [Fact]
    public void Input_ending_during_a_login_waits_for_its_answer()
    {
        var flow = new LoginFlow();
        flow.TryName("alice");
        Assert.False(flow.EndInput(loggedIn: false));
        Assert.True(flow.InputEnded);
        Assert.Equal("* no usable name given; bye", flow.Refused().GiveUp);
    }
}
