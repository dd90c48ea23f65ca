using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Delivery;

/// <summary>A node's fan-out: one message from a room on another node reaches every member here; an ended room's members restore themselves.</summary>
public sealed class NodeFanoutTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly IActorRef _fanout;
    private readonly TestProbe _room;

    public NodeFanoutTests()
    {
        _fanout = Sys.ActorOf(NodeFanout.Props());
        _room = CreateTestProbe("room-incarnation");
    }

    private TestProbe Member(string name)
    {
        var member = CreateTestProbe(name); // its session and its connection at once
        _fanout.Tell(new MemberAdded("dev", "Dev", member.Port(_fanout)), _room);
        return member;
    }

    private static string Text(Tcp.Write write) => Assert.IsType<ChatMessage>(Assert.Single(Frames.DecodeAll(write.Data))).Text;

    private static byte[] Frame(string text, string? reference = null) =>
        ActorChat.Messages.ProtocolSerializer.EncodeEvent(ChatMessage.InRoom(1, "Dev", "alice", text, DateTime.UtcNow) with { Ref = reference is null ? null : ActorChat.Messages.RequestRef.Of(reference) });

    [Fact]
    public void One_broadcast_reaches_every_member_here_and_a_poster_gets_its_own_copy()
    {
        var bob = Member("bob");
        var carol = Member("carol");
        _fanout.Tell(new FramesToRoomMembers("dev", Frame("hello"), [new OwnFrames(carol, Frame("hello", "c1"))], UpToId: 1), _room);

        Assert.Equal("hello", Text(bob.ExpectMsg<Tcp.Write>()));
        var own = carol.ExpectMsg<Tcp.Write>();
        Assert.Equal(ActorChat.Messages.RequestRef.Of("c1"), Assert.IsType<ChatMessage>(Assert.Single(Frames.DecodeAll(own.Data))).Ref);
    }

    [Fact]
    public void When_the_room_incarnation_ends_its_members_here_are_told_with_the_last_message_they_were_sent()
    {
        var bob = Member("bob");
        _fanout.Tell(new FramesToRoomMembers("dev", Frame("m7"), [], UpToId: 7), _room);
        bob.ExpectMsg<Tcp.Write>();

        _room.Tell(PoisonPill.Instance); // the room's node is lost: only its termination is seen
        Assert.Equal(new RoomMoved("Dev", 7), bob.ExpectMsg<RoomMoved>());
    }

    [Fact]
    public void A_stopping_room_gives_its_last_id_and_a_new_incarnation_is_followed_afresh()
    {
        var bob = Member("bob");
        _fanout.Tell(new RoomStopped("dev", 12), _room);
        Assert.Equal(new RoomMoved("Dev", 12), bob.ExpectMsg<RoomMoved>());

        var next = CreateTestProbe("next-incarnation");
        _fanout.Tell(new MemberAdded("dev", "Dev", bob.Port(_fanout)), next);
        _fanout.Tell(new FramesToRoomMembers("dev", Frame("from the new one"), [], UpToId: 13), _room); // a straggler of the old one
        _fanout.Tell(new FramesToRoomMembers("dev", Frame("from the new one"), [], UpToId: 13), next);
        Assert.Equal("from the new one", Text(bob.ExpectMsg<Tcp.Write>()));
        bob.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Rooms_counts_the_members_here()
    {
        Member("bob");
        Member("carol");
        _fanout.Tell(new MemberRemoved("dev", Member("dave")), _room);
        _fanout.Tell(NodeFanout.CountRooms.Instance);
        Assert.Equal([new RoomSummary("Dev", 2)], ExpectMsg<NodeFanout.RoomCounts>().Rooms);
    }
}
