using ActorChat.Server.Delivery;
using ActorChat.Server.Transport;
using ActorChat.Server.Transport.AkkaIo;
using Akka.Actor;

namespace ActorChat.Tests.Server.Delivery;

/// <summary>A node's book of which of its sessions are in which room incarnation, and who restores itself when one ends.</summary>
public sealed class NodeMembershipTests
{
    private static readonly MemberPort AnyPort = new(new AkkaIoConnection(ActorRefs.Nobody), ActorRefs.Nobody, ActorRefs.Nobody);

    private readonly NodeMembership<string> _book = new();

    [Fact]
    public void An_incarnation_is_new_once_and_forgotten_with_its_last_member_here()
    {
        Assert.True(_book.Add("dev", "Dev", "alice", AnyPort, "room-1"));
        Assert.False(_book.Add("dev", "Dev", "bob", AnyPort, "room-1"));
        Assert.False(_book.Remove("dev", "alice", "room-1"));
        Assert.True(_book.Remove("dev", "bob", "room-1"));
        Assert.Equal(0, _book.IncarnationCount);
        Assert.Equal(0, _book.RoomCount);
    }

    [Fact]
    public void Only_the_members_of_the_ending_incarnation_restore_themselves_with_the_last_message_it_sent_them()
    {
        _book.Add("dev", "Dev", "alice", AnyPort, "room-1");
        _book.Add("dev", "Dev", "bob", AnyPort, "room-1");
        _book.Sent("room-1", 41);
        _book.Sent("room-1", 42);
        _book.Add("dev", "Dev", "carol", AnyPort, "room-2"); // already in the next incarnation
        _book.Sent("room-2", 50);

        var ended = _book.End("room-1");

        Assert.NotNull(ended);
        Assert.Equal("Dev", ended.RoomName);
        Assert.Equal(["alice", "bob"], ended.Sessions.Order());
        Assert.Equal(42, ended.AfterId);
        Assert.Single(_book.MembersOf("dev", "room-2"));
        Assert.Empty(_book.MembersOf("dev", "room-1"));
        Assert.Null(_book.End("room-1")); // a second notice (stopped, then terminated) changes nothing
    }

    [Fact]
    public void The_last_id_a_stopping_room_gives_wins_and_without_any_the_members_get_nothing_again()
    {
        _book.Add("dev", "Dev", "alice", AnyPort, "room-1");
        _book.Sent("room-1", 7);
        Assert.Equal(9, _book.End("room-1", lastId: 9)!.AfterId);

        _book.Add("dev", "Dev", "alice", AnyPort, "room-2"); // local members: the room wrote to them itself
        Assert.Null(_book.End("room-2")!.AfterId);
    }

    [Fact]
    public void A_member_restored_into_a_new_incarnation_leaves_the_old_one_and_counts_once()
    {
        _book.Add("dev", "Dev", "alice", AnyPort, "room-1");
        Assert.True(_book.Add("dev", "Dev", "alice", AnyPort, "room-2"));
        Assert.Equal(1, _book.IncarnationCount);
        Assert.Null(_book.End("room-1"));
        Assert.Equal([("Dev", 1)], _book.Counts());
    }
}
