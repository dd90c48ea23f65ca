using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Framing;

namespace ActorChat.Tests.Messages;

public class LineFramerTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string Text(FrameResult frame)
    {
        Assert.False(frame.IsTooLarge);
        return Encoding.UTF8.GetString(frame.Line!);
    }

    private static List<string> Lines(IEnumerable<FrameResult> frames) => frames.Select(Text).ToList();

    [Fact]
    public void One_frame_in_one_read()
    {
        var framer = new LineFramer();

        var frames = framer.Feed(Utf8("{\"type\":\"ping\"}\n"));

        Assert.Equal(["{\"type\":\"ping\"}"], Lines(frames));
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void Nothing_comes_out_before_the_LF()
    {
        var framer = new LineFramer();

        Assert.Empty(framer.Feed(Utf8("{\"type\":\"ping\"}")));
        Assert.Equal(15, framer.BufferedBytes);
        Assert.Equal(["{\"type\":\"ping\"}"], Lines(framer.Feed(Utf8("\n"))));
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void Many_frames_in_one_read_come_out_in_order()
    {
        var framer = new LineFramer();

        var frames = framer.Feed(Utf8("a\nbb\nccc\n{\"type\":\"rooms\"}\ntail"));

        Assert.Equal(["a", "bb", "ccc", "{\"type\":\"rooms\"}"], Lines(frames));
        Assert.Equal(4, framer.BufferedBytes);
        Assert.Equal(["tail"], Lines(framer.Feed(Utf8("\n"))));
    }

    [Fact]
    public void A_frame_split_at_every_byte_position_comes_out_whole()
    {
        var frame = Utf8("{\"type\":\"say\",\"text\":\"Zoë says 名前 👋\"}\r\n");
        var expected = "{\"type\":\"say\",\"text\":\"Zoë says 名前 👋\"}";

        for (var split = 0; split <= frame.Length; split++)
        {
            var framer = new LineFramer();
            var output = new List<FrameResult>();

            framer.Feed(frame.AsSpan(0, split), output);
            framer.Feed(frame.AsSpan(split), output);

            Assert.Equal([expected], Lines(output));
            Assert.Equal(0, framer.BufferedBytes);
        }
    }

    [Fact]
    public void A_stream_fed_one_byte_at_a_time_gives_the_same_frames()
    {
        var stream = Utf8("one\r\n\r\ntwo\n  \nthree\n");
        var framer = new LineFramer();
        var output = new List<FrameResult>();

        foreach (var b in stream) framer.Feed([b], output);

        Assert.Equal(["one", "two", "three"], Lines(output));
    }

    [Fact]
    public void A_multi_byte_character_split_across_reads_is_reassembled()
    {
        var bytes = Utf8("é👋\n"); // C3 A9 | F0 9F 91 8B | 0A
        var framer = new LineFramer();
        var output = new List<FrameResult>();

        framer.Feed(bytes.AsSpan(0, 1), output); // first byte of é
        framer.Feed(bytes.AsSpan(1, 3), output); // rest of é, first two bytes of the emoji
        framer.Feed(bytes.AsSpan(4), output);    // rest of the emoji and LF

        Assert.Equal(["é👋"], Lines(output));
    }

    [Fact]
    public void CR_before_LF_is_stripped()
    {
        var framer = new LineFramer();

        Assert.Equal(["abc", "def"], Lines(framer.Feed(Utf8("abc\r\ndef\r\n"))));
    }

    [Fact]
    public void CR_before_LF_is_stripped_when_the_LF_comes_in_the_next_read()
    {
        var framer = new LineFramer();

        Assert.Empty(framer.Feed(Utf8("abc\r")));
        Assert.Equal(["abc"], Lines(framer.Feed(Utf8("\n"))));
    }

    [Theory]
    [InlineData("a\rb\n", "a\rb")]
    [InlineData("\rab\n", "\rab")]
    [InlineData("ab\r\r\n", "ab\r")]
    public void A_lone_CR_inside_a_line_is_kept(string input, string expected)
    {
        var framer = new LineFramer();

        Assert.Equal([expected], Lines(framer.Feed(Utf8(input))));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData(" \n")]
    [InlineData("\t\n")]
    [InlineData(" \t  \r\n")]
    [InlineData("\n\n\r\n   \n\t\t\n")]
    public void Blank_and_whitespace_only_lines_are_ignored(string blanks)
    {
        var framer = new LineFramer();

        var frames = framer.Feed(Utf8(blanks + "x\n" + blanks));

        Assert.Equal(["x"], Lines(frames));
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void Leading_and_trailing_spaces_of_a_real_frame_are_kept()
    {
        var framer = new LineFramer();

        Assert.Equal([" {} "], Lines(framer.Feed(Utf8(" {} \n"))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(ProtocolInfo.DefaultMaxFrameBytes)]
    public void A_frame_of_exactly_the_maximum_size_is_accepted(int max)
    {
        var line = new string('x', max);
        var framer = new LineFramer(max);

        Assert.Equal([line], Lines(framer.Feed(Utf8(line + "\n"))));
        Assert.Equal([line], Lines(framer.Feed(Utf8(line + "\r\n"))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(ProtocolInfo.DefaultMaxFrameBytes)]
    public void A_frame_one_byte_over_the_maximum_is_rejected(int max)
    {
        var line = new string('x', max + 1);
        var framer = new LineFramer(max);

        var frames = framer.Feed(Utf8(line + "\n"));

        Assert.Equal([FrameResult.TooLarge], frames);
        Assert.True(frames[0].IsTooLarge);
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void A_frame_one_byte_over_the_maximum_is_rejected_when_its_LF_comes_later()
    {
        var framer = new LineFramer(8);

        Assert.Empty(framer.Feed(Utf8("123456789")));
        Assert.Equal([FrameResult.TooLarge], framer.Feed(Utf8("\n")));
        Assert.Equal(["ok"], Lines(framer.Feed(Utf8("ok\n"))));
    }

    [Fact]
    public void A_maximum_size_frame_with_CR_split_before_the_LF_is_accepted()
    {
        var framer = new LineFramer(8);

        Assert.Empty(framer.Feed(Utf8("12345678\r")));
        Assert.Equal(["12345678"], Lines(framer.Feed(Utf8("\n"))));
    }

    [Fact]
    public void A_huge_line_fed_in_chunks_gives_one_TooLarge_bounded_memory_and_then_recovers()
    {
        const int max = 1024;
        var framer = new LineFramer(max);
        var output = new List<FrameResult>();
        var chunk = Utf8(new string('a', 100));

        for (var i = 0; i < 10_000; i++) // 1,000,000 bytes without LF
        {
            framer.Feed(chunk, output);
            Assert.InRange(framer.BufferedBytes, 0, max + 1);
        }

        Assert.Equal([FrameResult.TooLarge], output);

        framer.Feed(Utf8("aaaa\n{\"type\":\"ping\"}\n"), output);

        Assert.Equal(2, output.Count);
        Assert.Equal("{\"type\":\"ping\"}", Text(output[1]));
        Assert.Equal(0, framer.BufferedBytes);
    }

    [Fact]
    public void A_huge_line_fed_byte_by_byte_never_buffers_more_than_max_plus_one()
    {
        const int max = 64;
        var framer = new LineFramer(max);
        var output = new List<FrameResult>();

        for (var i = 0; i < 10 * max; i++)
        {
            framer.Feed([(byte)'z'], output);
            Assert.InRange(framer.BufferedBytes, 0, max + 1);
        }
        framer.Feed(Utf8("\nnext\n"), output);

        Assert.Equal(2, output.Count);
        Assert.True(output[0].IsTooLarge);
        Assert.Equal("next", Text(output[1]));
    }

    [Fact]
    public void TooLarge_then_a_frame_in_the_same_read()
    {
        var framer = new LineFramer(10);

        var frames = framer.Feed(Utf8(new string('x', 50) + "\n{\"a\":1}\n"));

        Assert.Equal(2, frames.Count);
        Assert.True(frames[0].IsTooLarge);
        Assert.Equal("{\"a\":1}", Text(frames[1]));
    }

    [Fact]
    public void Frames_around_an_oversized_line_are_kept()
    {
        var framer = new LineFramer(10);

        var frames = framer.Feed(Utf8("before\n" + new string('x', 11) + "\r\nafter\n"));

        Assert.Equal(3, frames.Count);
        Assert.Equal("before", Text(frames[0]));
        Assert.True(frames[1].IsTooLarge);
        Assert.Equal("after", Text(frames[2]));
    }

    [Fact]
    public void Two_oversized_lines_give_two_TooLarge()
    {
        var framer = new LineFramer(4);

        var frames = framer.Feed(Utf8("123456\n7890123\nok\n"));

        Assert.Equal(3, frames.Count);
        Assert.True(frames[0].IsTooLarge);
        Assert.True(frames[1].IsTooLarge);
        Assert.Equal("ok", Text(frames[2]));
    }

    [Fact]
    public void The_Feed_overload_appends_to_the_given_collection()
    {
        var framer = new LineFramer();
        var output = new List<FrameResult> { FrameResult.TooLarge };

        framer.Feed(Utf8("a\n"), output);

        Assert.Equal(2, output.Count);
        Assert.Equal("a", Text(output[1]));
    }

    [Fact]
    public void Frames_are_copies_that_later_reads_do_not_change()
    {
        var framer = new LineFramer();
        var buffer = Utf8("abc");
        framer.Feed(buffer);
        buffer[0] = (byte)'X';

        var frame = framer.Feed(Utf8("def\n")).Single();

        Assert.Equal("abcdef", Text(frame));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void The_maximum_must_be_positive(int max)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineFramer(max));
    }

    [Fact]
    public void Between_frames_only_when_nothing_is_held_and_no_long_line_is_being_discarded()
    {
        var framer = new LineFramer(maxFrameBytes: 8);
        Assert.True(framer.IsBetweenFrames);
        framer.Feed(Utf8("abc\nde"));
        Assert.False(framer.IsBetweenFrames); // "de" waits for its LF
        framer.Feed(Utf8("f\n"));
        Assert.True(framer.IsBetweenFrames);
        framer.Feed(Utf8("0123456789"));
        Assert.Equal(0, framer.BufferedBytes);
        Assert.False(framer.IsBetweenFrames); // the rest of a too-large line is still to be discarded
        Assert.Equal(["ok"], Lines(framer.Feed(Utf8("xyz\nok\n"))));
        Assert.True(framer.IsBetweenFrames);
    }
}
