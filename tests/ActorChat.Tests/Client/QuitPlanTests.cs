using ActorChat.Client.Session;
using ActorChat.Messages.Commands;

namespace ActorChat.Tests.Client;

public sealed class QuitPlanTests
{
    private readonly ConnectionLifecycle _link = new(new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 1.0));
    private readonly CatchUpTracker _catchUps = new();
    private readonly ConversationState _conversations = new();

    private QuitPlan NewPlan(bool reconnect = true) => new(_link, _catchUps, _conversations, reconnect);

    [Fact]
    public void Connected_and_caught_up_quit_goes_at_once()
    {
        _link.LoggedIn();
        var step = NewPlan().Asked();
        Assert.IsType<QuitRequest>(Assert.Single(step.ToGate));
        Assert.True(step.SendsQuit);
        Assert.Null(step.End);
    }

    [Fact]
    public void Offline_with_nothing_typed_the_session_just_ends()
    {
        var step = NewPlan().Asked();
        Assert.Same(SessionEnding.Bye, step.End);
        Assert.Empty(step.ToGate);
    }

    [Fact]
    public void Offline_with_lines_typed_quit_waits_until_the_resync_has_sent_them()
    {
        _conversations.AddPending(new SayRequest("typed while away", "lobby"));
        var plan = NewPlan();
        Assert.Same(SessionStep.Nothing, plan.Asked());

        var pages = new ResyncStep([new HistoryRequest("lobby", 50)], CaughtUp: false);
        Assert.False(plan.Resynced(pages).SendsQuit);

        _link.LoggedIn();
        var say = new SayRequest("typed while away", "lobby");
        var caughtUp = plan.Resynced(new ResyncStep([say], CaughtUp: true));
        Assert.True(caughtUp.SendsQuit);
        Assert.Equal(2, caughtUp.ToGate.Count);
        Assert.Same(say, caughtUp.ToGate[0]);
        Assert.IsType<QuitRequest>(caughtUp.ToGate[1]);

        // Once sent, a later catch-up does not quit again.
        Assert.False(plan.Resynced(new ResyncStep([], CaughtUp: true)).SendsQuit);
    }

    [Fact]
    public void Without_reconnect_quit_goes_even_offline_and_a_resync_alone_never_quits()
    {
        Assert.True(NewPlan(reconnect: false).Asked().SendsQuit);
        _link.LoggedIn();
        Assert.False(NewPlan().Resynced(new ResyncStep([], CaughtUp: true)).SendsQuit);
    }
}
