using ActorChat.Messages;
using ActorChat.Server.Network;
using ActorChat.Server.Rooms;
using Akka.Actor;
using Akka.TestKit.Xunit2;

namespace ActorChat.Tests.Server.Network;

/// <summary>Which rooms a session is in or joining, and where its requests for them go.</summary>
public sealed class RoomMembershipsTests : TestKit
{
    private static readonly LeaveRoom Leave = new(LeftReasons.Leave, null);

    [Fact]
    public void Requests_for_a_joining_room_go_through_the_registry_and_for_a_joined_one_straight_to_the_room()
    {
        var registry = CreateTestProbe();
        var lobby = CreateTestProbe();
        var memberships = new RoomMemberships();
        Assert.False(memberships.TrySend("lobby", "hello", registry.Ref));

        memberships.Joining("lobby", "Lobby");
        Assert.True(memberships.TrySend("lobby", "early", registry.Ref));
        Assert.Equal("early", registry.ExpectMsg<RouteToRoom>().Message);

        memberships.Joined("lobby", lobby.Ref);
        Assert.True(memberships.TrySend("lobby", "later", registry.Ref));
        lobby.ExpectMsg("later");
        Assert.Equal(["lobby"], memberships.JoinedKeys);
    }

    [Fact]
    public void One_room_needs_no_dictionary_and_more_rooms_come_and_go_in_any_order()
    {
        var registry = CreateTestProbe();
        var rooms = Enumerable.Range(0, 4).Select(_ => CreateTestProbe()).ToArray();
        var memberships = new RoomMemberships();
        for (var i = 0; i < rooms.Length; i++)
        {
            memberships.Joining($"r{i}", $"R{i}");
            memberships.Joined($"r{i}", rooms[i].Ref);
            Assert.Equal(i > 0, memberships.HoldsDictionary);
        }
        Assert.Equal(["r0", "r1", "r2", "r3"], memberships.JoinedKeys.Order());

        Assert.True(memberships.TryLeave("r0", Leave, registry.Ref)); // the one in the fields
        rooms[0].ExpectMsg<LeaveRoom>();
        Assert.False(memberships.TrySend("r0", "gone", registry.Ref));
        Assert.True(memberships.TryLeave("r2", Leave, registry.Ref));
        rooms[2].ExpectMsg<LeaveRoom>();
        Assert.Equal(["r1", "r3"], memberships.JoinedKeys.Order());
        foreach (var i in new[] { 1, 3 })
        {
            Assert.True(memberships.TrySend($"r{i}", $"to {i}", registry.Ref));
            rooms[i].ExpectMsg($"to {i}");
        }

        Assert.True(memberships.TryLeave("r3", Leave, registry.Ref));
        rooms[3].ExpectMsg<LeaveRoom>();
        Assert.False(memberships.HoldsDictionary);
        Assert.Equal(["r1"], memberships.JoinedKeys);
        registry.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_room_left_while_joining_is_not_joined_when_it_confirms_and_leaving_all_leaves_joined_and_joining_rooms()
    {
        var registry = CreateTestProbe();
        var a = CreateTestProbe();
        var b = CreateTestProbe();
        var memberships = new RoomMemberships();
        memberships.Joining("a", "A");
        Assert.True(memberships.TryLeave("a", Leave, registry.Ref));
        registry.ExpectMsg<RouteToRoom>();
        memberships.Joined("a", a.Ref);
        Assert.Empty(memberships.JoinedKeys);
        Assert.False(memberships.TrySend("a", "x", registry.Ref));

        memberships.Joining("a", "A");
        memberships.Joined("a", a.Ref);
        memberships.Joining("b", "B");
        memberships.LeaveAll(Leave, registry.Ref);
        a.ExpectMsg<LeaveRoom>();
        Assert.IsType<LeaveRoom>(registry.ExpectMsg<RouteToRoom>().Message); // b, through the registry
        memberships.Joined("b", b.Ref);
        Assert.Empty(memberships.JoinedKeys);
    }
}
