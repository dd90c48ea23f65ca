using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace ActorChat.Bench;

/// <summary>
/// The text of a timed post, <c>b|sender|seq|timestamp|padding</c>, written and read on bytes:
/// the tool shares the machine with the server, so it neither builds strings nor parses JSON
/// per delivery.
/// </summary>
public static class BenchText
{
    /// <summary>Writes <c>b|sender|seq|now|padding</c> at the start of <paramref name="into"/>; the bytes written.</summary>
    public static int Write(Span<byte> into, int sender, long sequence, ReadOnlySpan<byte> padding)
    {
        "b|"u8.CopyTo(into);
        var n = 2;
        Utf8Formatter.TryFormat(sender, into[n..], out var w); n += w;
        into[n++] = (byte)'|';
        Utf8Formatter.TryFormat(sequence, into[n..], out w); n += w;
        into[n++] = (byte)'|';
        Utf8Formatter.TryFormat(Stopwatch.GetTimestamp(), into[n..], out w); n += w;
        into[n++] = (byte)'|';
        padding.CopyTo(into[n..]);
        return n + padding.Length;
    }

    /// <summary>Reads a post's text that starts with <c>b|</c>; false for anything else.</summary>
    public static bool TryRead(ReadOnlySpan<byte> text, out int sender, out long sequence, out long sentAt)
    {
        sender = 0;
        sequence = sentAt = 0;
        if (!text.StartsWith("b|"u8)) return false;
        text = text[2..];
        if (!Utf8Parser.TryParse(text, out sender, out var used) || used >= text.Length) return false;
        text = text[(used + 1)..];
        if (!Utf8Parser.TryParse(text, out sequence, out used) || used >= text.Length) return false;
        text = text[(used + 1)..];
        return Utf8Parser.TryParse(text, out sentAt, out _);
    }

    public static byte[] Padding(int textLength) => Encoding.ASCII.GetBytes(new string('x', Math.Max(0, textLength - 40)));
}
