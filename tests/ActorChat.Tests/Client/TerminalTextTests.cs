using ActorChat.Client.Output;

namespace ActorChat.Tests.Client;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("hello", "hello")]
    [InlineData("", "")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("two\nlines", "two\nlines")]
    [InlineData("héllo wörld ✓ 日本", "héllo wörld ✓ 日本")]
    public void Escape_leaves_ordinary_text_alone(string input, string expected) =>
        Assert.Equal(expected, TerminalText.Escape(input));

    [Theory]
    [InlineData("\u001b[2J\u001b[H", "\\x1b[2J\\x1b[H")]            // clear screen: ESC disarmed
    [InlineData("\u001b]0;pwned\u0007", "\\x1b]0;pwned\\x07")]       // OSC title change with BEL
    [InlineData("a\rb", "a\\x0db")]                                   // CR would overwrite the line
    [InlineData("\0", "\\x00")]
    [InlineData("del\u007f", "del\\x7f")]
    [InlineData("c1\u009b31m", "c1\\x9b31m")]                         // 8-bit CSI
    [InlineData("\u0085", "\\x85")]
    [InlineData("abc\u202edcba", "abc\\u202edcba")]                   // right-to-left override
    [InlineData("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d")]
    [InlineData("\u2066x\u2069", "\\u2066x\\u2069")]                  // isolates
    public void Escape_shows_control_and_bidi_characters_as_escapes(string input, string expected) =>
        Assert.Equal(expected, TerminalText.Escape(input));

    [Fact]
    public void Escape_of_null_is_empty() => Assert.Equal("", TerminalText.Escape(null));

    [Fact]
    public void EscapeSingleLine_also_escapes_line_breaks_and_tabs() =>
        Assert.Equal("a\\nb\\tc\\x1b", TerminalText.EscapeSingleLine("a\nb\tc\u001b"));

    [Fact]
    public void No_unsafe_character_survives_escaping()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c)) continue;
            var escaped = TerminalText.EscapeSingleLine(((char)c).ToString());
            Assert.DoesNotContain(escaped, ch => TerminalText.IsUnsafe(ch) || ch is '\n' or '\t');
        }
    }
}
