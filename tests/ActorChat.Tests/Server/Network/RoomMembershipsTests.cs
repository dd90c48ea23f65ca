using ActorChat.Server.Network;

namespace ActorChat.Tests.Server.Network;

/// <summary>Which rooms a session is in: its own account, from which it restores itself into a room that moved.</summary>
public sealed class RoomMembershipsTests
{
    [Fact]
    public void Rooms_are_found_whatever_their_case_and_a_second_join_changes_nothing()
    {
        var memberships = new RoomMemberships();
        Assert.False(memberships.Contains("lobby"));
        memberships.Add("Lobby");
        memberships.Add("LOBBY");
        Assert.True(memberships.Contains("lobby"));
        Assert.Equal(["Lobby"], memberships.Names);
        Assert.False(memberships.HoldsDictionary);
    }

    [Fact]
    public void One_room_needs_no_dictionary_and_more_rooms_come_and_go_in_any_order()
    {
        var memberships = new RoomMemberships();
        for (var i = 0; i < 4; i++)
        {
            memberships.Add($"R{i}");
            Assert.Equal(i > 0, memberships.HoldsDictionary);
        }
        Assert.Equal(["R0", "R1", "R2", "R3"], memberships.Names.Order());

        Assert.True(memberships.Remove("r0")); // the one in the fields
        Assert.False(memberships.Contains("r0"));
        Assert.False(memberships.Remove("r0"));
        Assert.True(memberships.Remove("r2"));
        Assert.Equal(["R1", "R3"], memberships.Names.Order());

        Assert.True(memberships.Remove("R3"));
        Assert.False(memberships.HoldsDictionary);
        Assert.Equal(["R1"], memberships.Names);
        Assert.True(memberships.Remove("R1"));
        Assert.Empty(memberships.Names);
    }
}
