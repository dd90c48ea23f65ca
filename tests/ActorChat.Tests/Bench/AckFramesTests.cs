using System.Text;
using ActorChat.Bench;
using ActorChat.Messages;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Bench;

/// <summary><c>ack</c> clients sort what they receive on its bytes: their own acknowledgements, others' messages, the rest.</summary>
public sealed class AckFramesTests
{
    private static readonly DateTime Time = new(2026, 11, 25, 11, 2, 3, 123, DateTimeKind.Utc);

    /// <summary>The frame as the server writes it (without its LF).</summary>
    private static byte[] Frame(ServerEvent e) => ProtocolSerializer.EncodeEvent(e)[..^1];

    private static (AckFrameKind Kind, long Ref) Classify(byte[] frame) => (AckFrames.Classify(frame, out var r), r);

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(123_456_789_012L)]
    public void The_senders_own_copy_with_an_integer_ref_is_its_acknowledgement(long id) =>
        Assert.Equal((AckFrameKind.OwnCopy, id), Classify(Frame(ChatMessage.InRoom(5, "bench-1", "b1", "xxxx", Time) with { Ref = id })));

    [Fact]
    public void Another_members_copy_is_only_a_message()
    {
        Assert.Equal(AckFrameKind.OtherMessage, Classify(Frame(ChatMessage.InRoom(5, "bench-1", "b2", "xxxx", Time))).Kind);
        // a text that looks like a ref is escaped inside its string, and never ends the frame
        Assert.Equal(AckFrameKind.OtherMessage, Classify(Frame(ChatMessage.InRoom(5, "r", "b2", "x\",\"ref\":12}", Time))).Kind);
        Assert.Equal(AckFrameKind.OtherMessage, Classify(Frame(ChatMessage.InRoom(5, "r", "b2", "ends in ,\"ref\":12", Time))).Kind);
    }

    [Fact]
    public void A_message_with_a_string_ref_is_not_an_acknowledgement_of_a_numbered_post() =>
        Assert.Equal(AckFrameKind.OtherMessage, Classify(Frame(ChatMessage.InRoom(5, "r", "b1", "x", Time) with { Ref = "m1" })).Kind);

    [Fact]
    public void Everything_else_is_a_control_frame()
    {
        Assert.Equal(AckFrameKind.Control, Classify(Frame(new JoinedEvent("r", "b1", 3) { Ref = "join" })).Kind);
        Assert.Equal(AckFrameKind.Control, Classify(Frame(new ErrorEvent(ErrorCodes.NotInRoom, "no") { Ref = 4 })).Kind);
        Assert.Equal(AckFrameKind.Control, Classify(Frame(new HistoryEvent("r", [ChatMessage.InRoom(1, "r", "a", "t", Time)]))).Kind);
        Assert.Equal(AckFrameKind.Control, Classify(Encoding.UTF8.GetBytes("{\"type\":\"bye\",\"reason\":\"quit\"}")).Kind);
        Assert.Equal(AckFrameKind.Control, Classify([]).Kind);
    }

    [Fact]
    public void A_cut_off_message_frame_is_no_acknowledgement() =>
        Assert.Equal(AckFrameKind.OtherMessage, Classify(Encoding.UTF8.GetBytes("{\"type\":\"message\",\"id\":1,\"ref\":")).Kind);
}
