using System.Text;
using ActorChat.Messages.Framing;

namespace ActorChat.Tests.Messages;

/// <summary>WebSocket framing: one text message, one frame, within the same limit as a TCP line.</summary>
public sealed class MessageFramerTests
{
    private static string? Line(FrameResult? result) => result?.Line is { } line ? Encoding.UTF8.GetString(line) : null;

    [Theory]
    [InlineData("{\"type\":\"ping\"}", "{\"type\":\"ping\"}")]
    [InlineData("{\"type\":\"ping\"}\n", "{\"type\":\"ping\"}")]
    [InlineData("{\"type\":\"ping\"}\r\n", "{\"type\":\"ping\"}")]
    [InlineData("{\"type\":\"ping\"}\r", "{\"type\":\"ping\"}\r")] // only a CR before the LF goes, as on TCP
    [InlineData("{\n\"type\":\"ping\"\n}", "{\n\"type\":\"ping\"\n}")] // LFs inside stay: the message is the frame
    [InlineData("{}\n\n", "{}\n")] // one trailing LF only
    public void A_whole_text_message_is_one_frame(string message, string frame)
    {
        var framer = new MessageFramer(100);
        Assert.Equal(frame, Line(framer.Feed(Encoding.UTF8.GetBytes(message), isText: true, endOfMessage: true)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \t ")]
    [InlineData("\n")]
    [InlineData(" \r\n")]
    public void A_blank_message_is_ignored(string message) =>
        Assert.Null(new MessageFramer(100).Feed(Encoding.UTF8.GetBytes(message), isText: true, endOfMessage: true));

    [Fact]
    public void Fragments_make_one_frame_at_the_end_of_the_message()
    {
        var framer = new MessageFramer(100);
        Assert.Null(framer.Feed("{\"type\":"u8, isText: true, endOfMessage: false));
        Assert.Null(framer.Feed("\"ping\""u8, isText: true, endOfMessage: false));
        Assert.Equal("{\"type\":\"ping\"}", Line(framer.Feed("}"u8, isText: true, endOfMessage: true)));
        Assert.Equal(0, framer.BufferedBytes);
        Assert.Equal("{}", Line(framer.Feed("{}"u8, isText: true, endOfMessage: true))); // the next message starts afresh
    }

    [Fact]
    public void A_frame_of_exactly_the_limit_is_accepted_and_one_byte_more_is_too_large()
    {
        var framer = new MessageFramer(10);
        Assert.Equal("0123456789", Line(framer.Feed("0123456789\r\n"u8, isText: true, endOfMessage: true)));
        Assert.True(framer.Feed("0123456789A"u8, isText: true, endOfMessage: true)!.Value.IsTooLarge);
    }

    [Fact]
    public void A_message_past_the_limit_is_reported_once_as_it_passes_and_the_rest_is_not_kept()
    {
        var framer = new MessageFramer(10);
        Assert.Null(framer.Feed("012345"u8, isText: true, endOfMessage: false));
        Assert.True(framer.Feed("6789ABCDEF"u8, isText: true, endOfMessage: false)!.Value.IsTooLarge);
        for (var i = 0; i < 1000; i++) Assert.Null(framer.Feed(new byte[4096], isText: true, endOfMessage: false));
        Assert.Equal(0, framer.BufferedBytes);
        Assert.Null(framer.Feed("end"u8, isText: true, endOfMessage: true)); // reported already
        Assert.Equal("{}", Line(framer.Feed("{}"u8, isText: true, endOfMessage: true)));
    }

    [Fact]
    public void A_binary_message_is_not_text_whatever_it_holds()
    {
        var framer = new MessageFramer(100);
        Assert.Null(framer.Feed("{\"type\":"u8, isText: false, endOfMessage: false));
        var result = framer.Feed("\"ping\"}"u8, isText: false, endOfMessage: true)!.Value;
        Assert.True(result.IsNotText);
        Assert.False(result.IsTooLarge);
        Assert.Equal("{}", Line(framer.Feed("{}"u8, isText: true, endOfMessage: true)));
    }
}
