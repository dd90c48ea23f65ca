using System.Text;
using ActorChat.Messages.Framing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ActorChat.Tests.Properties;

/// <summary>
/// Properties of <see cref="LineFramer"/>: whatever the bytes and however TCP splits them,
/// it never throws, holds at most the limit plus one byte, and cuts the same frames as a
/// simple reference model of the framing rules (docs/protocol.md, "Transport and framing").
/// </summary>
public class LineFramerProperties
{
    private const int Cases = 1000;

    /// <summary>Bytes rich in the ones the framer cares about (LF, CR, space, tab).</summary>
    private static readonly Gen<byte> StreamByte =
        Gen.Frequency(
            (3, Gen.Elements((byte)'\n', (byte)'\r', (byte)' ', (byte)'\t')),
            (4, Gen.Elements((byte)'a', (byte)'{', (byte)'"', (byte)'}')),
            (1, Gen.Choose(0, 255).Select(i => (byte)i)));

    private static readonly Gen<byte[]> Stream =
        from length in Gen.Choose(0, 300)
        from bytes in Gen.ArrayOf(StreamByte, length)
        select bytes;

    /// <summary>Cut points for a stream of <paramref name="length"/> bytes: the chunk lengths, in order.</summary>
    private static Gen<int[]> Split(int length) =>
        from cuts in Gen.ArrayOf(Gen.Choose(0, length), length == 0 ? 0 : Math.Min(length, 40))
        from count in Gen.Choose(0, cuts.Length)
        let points = cuts.Take(count).Append(0).Append(length).Distinct().Order().ToArray()
        select points.Zip(points.Skip(1), (a, b) => b - a).ToArray();

    private static readonly Gen<int> Max = Gen.OneOf(Gen.Choose(1, 8), Gen.Choose(9, 64), Gen.Constant(200));

    private sealed record Case(int Max, byte[] Bytes, int[] Chunks)
    {
        public override string ToString() =>
            $"max={Max} chunks=[{string.Join(",", Chunks)}] bytes=\"{Escape(Bytes)}\"";
    }

    private static readonly Arbitrary<Case> Cases_ = Arb.From(
        from max in Max
        from bytes in Stream
        from chunks in Split(bytes.Length)
        select new Case(max, bytes, chunks));

    private static string Escape(byte[] bytes) =>
        string.Concat(bytes.Select(b => b is >= 0x20 and < 0x7F and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}"));

    /// <summary>Frames as comparable text: a line's bytes escaped, or TOO_LARGE.</summary>
    private static List<string> Show(IEnumerable<FrameResult> frames) =>
        frames.Select(f => f.IsTooLarge ? "TOO_LARGE" : Escape(f.Line!)).ToList();

    /// <summary>Feeds chunk by chunk; checks the buffer bound after every feed.</summary>
    private static List<FrameResult> FeedInChunks(LineFramer framer, byte[] bytes, IEnumerable<int> chunks, int max)
    {
        var output = new List<FrameResult>();
        var offset = 0;
        foreach (var chunk in chunks)
        {
            framer.Feed(bytes.AsSpan(offset, chunk), output);
            offset += chunk;
            Assert.InRange(framer.BufferedBytes, 0, max + 1);
        }
        Assert.Equal(bytes.Length, offset);
        return output;
    }

    /// <summary>
    /// The framing rules stated directly: every LF ends a line; one CR right before it is
    /// dropped; a line of only spaces and tabs is skipped; a line longer than the limit is one
    /// TooLarge. Bytes after the last LF are an unfinished line: they produce nothing yet,
    /// unless they already pass the limit plus the one CR that may end them, which is
    /// reported at once (docs/protocol.md: "sent as soon as the line passes the limit").
    /// </summary>
    private static List<FrameResult> Model(byte[] bytes, int max)
    {
        var frames = new List<FrameResult>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\n') continue;
            var line = bytes[start..i];
            start = i + 1;
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            if (line.Length > max) frames.Add(FrameResult.TooLarge);
            else if (line.Any(b => b != (byte)' ' && b != (byte)'\t')) frames.Add(new FrameResult(line));
        }
        if (bytes.Length - start > max + 1) frames.Add(FrameResult.TooLarge);
        return frames;
    }

    [Property(MaxTest = Cases)]
    public Property Any_bytes_in_any_split_give_the_same_frames_as_fed_whole_and_as_the_rules_say() =>
        Prop.ForAll(Cases_, c =>
        {
            var whole = new LineFramer(c.Max).Feed(c.Bytes);
            var split = FeedInChunks(new LineFramer(c.Max), c.Bytes, c.Chunks, c.Max);
            var oneByOne = FeedInChunks(new LineFramer(c.Max), c.Bytes, Enumerable.Repeat(1, c.Bytes.Length), c.Max);
            Assert.Equal(Show(whole), Show(split));
            Assert.Equal(Show(whole), Show(oneByOne));
            Assert.Equal(Show(Model(c.Bytes, c.Max)), Show(whole));
        });

    /// <summary>A line without LF, of the given bytes.</summary>
    private static Gen<byte[]> Line(int maxLength) =>
        from length in Gen.Choose(0, maxLength)
        from bytes in Gen.ArrayOf(StreamByte.Where(b => b != (byte)'\n'), length)
        select bytes;

    private sealed record LinesCase(int Max, byte[][] Lines, bool[] Crlf, int[] Chunks)
    {
        public byte[] Stream() =>
            Lines.Zip(Crlf, (line, crlf) => line.Concat(crlf ? "\r\n"u8.ToArray() : "\n"u8.ToArray())).SelectMany(b => b).ToArray();

        public override string ToString() =>
            $"max={Max} lines=[{string.Join(" | ", Lines.Zip(Crlf, (l, c) => Escape(l) + (c ? "\\r\\n" : "\\n")))}] chunks=[{string.Join(",", Chunks)}]";
    }

    private static Arbitrary<LinesCase> LinesOf(Func<int, Gen<byte[]>> line) => Arb.From(
        from max in Max
        from count in Gen.Choose(0, 12)
        from lines in Gen.ArrayOf(line(max), count)
        from crlf in Gen.ArrayOf(Gen.Elements(true, false), count)
        let stream = new LinesCase(max, lines, crlf, []).Stream()
        from chunks in Split(stream.Length)
        select new LinesCase(max, lines, crlf, chunks));

    /// <summary>What one line joined by LF or CRLF comes out as: null when skipped as blank.</summary>
    private static string? Expected(byte[] line, bool crlf, int max)
    {
        // Joined with LF, a CR of the line's own right before it is the one CR that is dropped.
        if (!crlf && line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        if (line.Length > max) return "TOO_LARGE";
        return line.All(b => b is (byte)' ' or (byte)'\t') ? null : Escape(line);
    }

    [Property(MaxTest = Cases)]
    public Property Lines_within_the_limit_joined_by_LF_or_CRLF_come_out_exactly_less_the_blank_ones() =>
        Prop.ForAll(LinesOf(Line), c =>
        {
            var frames = FeedInChunks(new LineFramer(c.Max), c.Stream(), c.Chunks, c.Max);
            var expected = c.Lines.Zip(c.Crlf, (l, crlf) => Expected(l, crlf, c.Max)).OfType<string>().ToList();
            Assert.DoesNotContain("TOO_LARGE", expected);
            Assert.Equal(expected, Show(frames));
        });

    [Property(MaxTest = Cases)]
    public Property Each_line_over_the_limit_is_one_TooLarge_and_the_lines_after_it_still_come_out() =>
        Prop.ForAll(LinesOf(max => Gen.OneOf(Line(max), Line(4 * max + 3).Where(l => l.Length > max + 1))), c =>
        {
            var frames = FeedInChunks(new LineFramer(c.Max), c.Stream(), c.Chunks, c.Max);
            var expected = c.Lines.Zip(c.Crlf, (l, crlf) => Expected(l, crlf, c.Max)).OfType<string>().ToList();
            Assert.Equal(expected, Show(frames));
            // Every line longer than the limit plus the one CR that may be dropped is too large.
            Assert.InRange(c.Lines.Count(l => l.Length > c.Max + 1), 0, frames.Count(f => f.IsTooLarge));
        });

    [Property(MaxTest = 200)]
    public Property A_huge_line_in_small_chunks_never_buffers_more_than_the_limit() =>
        Prop.ForAll(
            Arb.From(from max in Gen.Choose(1, 512) from size in Gen.Choose(1, 200_000) from chunk in Gen.Choose(1, 8192)
                     select (max, size, chunk)),
            t =>
            {
                var (max, size, chunk) = t;
                var bytes = Encoding.ASCII.GetBytes(new string('x', size) + "\n{\"type\":\"ping\"}\n");
                var chunks = Enumerable.Range(0, (bytes.Length + chunk - 1) / chunk)
                    .Select(i => Math.Min(chunk, bytes.Length - i * chunk));
                var frames = FeedInChunks(new LineFramer(max), bytes, chunks, max);
                var expected = new List<string>();
                expected.Add(size > max ? "TOO_LARGE" : new string('x', size));
                expected.Add(max >= 15 ? "{\"type\":\"ping\"}" : "TOO_LARGE");
                Assert.Equal(expected, Show(frames));
            });
}
