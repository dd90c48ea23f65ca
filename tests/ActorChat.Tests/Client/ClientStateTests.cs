using ActorChat.Client;
using ActorChat.Messages;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

public sealed class ClientStateTests
{
    private static ClientState LoggedInAsAlice()
    {
        var state = new ClientState();
        state.Apply(new WelcomeEvent("alice", 1, "ActorChat 1.0.0"));
        state.Apply(new JoinedEvent("lobby", "alice", 1));
        return state;
    }

    [Fact]
    public void Before_login_the_lobby_is_current_and_no_room_is_joined()
    {
        var state = new ClientState();
        Assert.False(state.IsLoggedIn);
        Assert.Equal("lobby", state.CurrentRoom);
        Assert.Empty(state.JoinedRooms);
    }

    [Fact]
    public void Welcome_and_joined_set_name_and_rooms()
    {
        var state = LoggedInAsAlice();
        Assert.Equal("alice", state.Name);
        Assert.Equal(["lobby"], state.JoinedRooms);
        Assert.Equal("lobby", state.CurrentRoom);
    }

    [Fact]
    public void Other_members_joining_or_leaving_change_nothing()
    {
        var state = LoggedInAsAlice();
        state.Apply(new JoinedEvent("lobby", "bob", 2));
        state.Apply(new LeftEvent("lobby", "bob", 1, "quit"));
        Assert.Equal(["lobby"], state.JoinedRooms);
        Assert.Equal("lobby", state.CurrentRoom);
    }

    [Fact]
    public void A_sent_join_becomes_current_at_once_and_joined_confirms_it()
    {
        var state = LoggedInAsAlice();
        state.JoinSent("dev", RequestRef.Of("join-1"));
        Assert.Equal("dev", state.CurrentRoom);
        Assert.False(state.IsIn("dev"));

        state.Apply(new JoinedEvent("Dev", "ALICE", 1)); // names compare case-insensitively
        Assert.True(state.IsIn("dev"));
        Assert.Equal("Dev", state.CurrentRoom);          // the server's spelling wins
    }

    [Fact]
    public void The_lobby_join_after_login_does_not_override_a_join_typed_meanwhile()
    {
        var state = new ClientState();
        state.Apply(new WelcomeEvent("alice", 1, "ActorChat 1.0.0"));
        state.JoinSent("dev", RequestRef.Of("join-1"));
        state.Apply(new JoinedEvent("lobby", "alice", 1));
        Assert.Equal("dev", state.CurrentRoom);
    }

    [Fact]
    public void A_refused_join_restores_the_previous_room()
    {
        var state = LoggedInAsAlice();
        state.JoinSent("dev", RequestRef.Of("join-1"));
        state.Apply(new ErrorEvent("invalid_room", "no") { Ref = RequestRef.Of("join-1") });
        Assert.Equal("lobby", state.CurrentRoom);
        Assert.False(state.IsIn("dev"));
    }

    [Fact]
    public void Leaving_the_current_room_falls_back_to_the_lobby_then_any_room_then_none()
    {
        var state = LoggedInAsAlice();
        state.Apply(new JoinedEvent("dev", "alice", 1));
        state.Apply(new JoinedEvent("ops", "alice", 1));
        Assert.Equal("ops", state.CurrentRoom);

        state.Apply(new LeftEvent("ops", "alice", 0, LeftReasons.Leave));
        Assert.Equal("lobby", state.CurrentRoom);

        state.Apply(new LeftEvent("lobby", "alice", 0, LeftReasons.Leave));
        Assert.Equal("dev", state.CurrentRoom);

        state.Apply(new LeftEvent("dev", "alice", 0, LeftReasons.Leave));
        Assert.Null(state.CurrentRoom);
        Assert.Empty(state.JoinedRooms);
    }

    [Fact]
    public void Leaving_another_room_keeps_the_current_one()
    {
        var state = LoggedInAsAlice();
        state.Apply(new JoinedEvent("dev", "alice", 1));
        state.Apply(new LeftEvent("lobby", "alice", 0, LeftReasons.Leave));
        Assert.Equal("dev", state.CurrentRoom);
        Assert.Equal(["dev"], state.JoinedRooms);
    }
}
