using ActorChat.Messages;
using ActorChat.Messages.Rules;

namespace ActorChat.Tests.Messages;

public class TextRulesTests
{
    [Theory]
    [InlineData("x")]
    [InlineData("Good morning everyone!")]
    [InlineData("line one\nline two")]
    [InlineData("\n")]
    [InlineData("col1\tcol2")]
    [InlineData("\t")]
    [InlineData(" ")]
    [InlineData("👋 emoji 🎉")]
    [InlineData("👨‍👩‍👧")]          // emoji sequence with zero-width joiners
    [InlineData("Zoë 名前 مرحبا")]
    [InlineData("\u00a0")]         // no-break space: not a control character
    [InlineData("\u00a0\u00ff")]   // just past the C1 range
    [InlineData("\u2028")]         // line separator: a format character, not a control character
    [InlineData("e\u0301")]
    public void Acceptable_text(string text)
    {
        Assert.Null(TextRules.Check(text));
    }

    [Fact]
    public void Empty_text_is_refused()
    {
        Assert.NotNull(TextRules.Check(""));
    }

    [Fact]
    public void Text_of_4000_characters_is_accepted_and_4001_refused()
    {
        Assert.Equal(4000, ProtocolInfo.DefaultMaxTextLength);
        Assert.Null(TextRules.Check(new string('x', 4000)));
        Assert.NotNull(TextRules.Check(new string('x', 4001)));
    }

    [Fact]
    public void Length_is_counted_in_characters_not_UTF16_units()
    {
        var emoji = string.Concat(Enumerable.Repeat("👋", 4000));

        Assert.Equal(8000, emoji.Length);
        Assert.Null(TextRules.Check(emoji));
        Assert.NotNull(TextRules.Check(emoji + "x"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void The_maximum_is_configurable(int max)
    {
        Assert.Null(TextRules.Check(new string('x', max), max));
        Assert.NotNull(TextRules.Check(new string('x', max + 1), max));
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0001")]
    [InlineData("\u0007")]   // bell
    [InlineData("\u0008")]   // backspace
    [InlineData("\u000b")]   // vertical tab
    [InlineData("\u000c")]   // form feed
    [InlineData("\r")]       // CR is not LF
    [InlineData("\u001b")]   // escape
    [InlineData("\u001f")]
    [InlineData("\u007f")]   // delete
    [InlineData("\u0080")]
    [InlineData("\u0085")]   // next line
    [InlineData("\u009b")]   // CSI
    [InlineData("\u009f")]
    public void Control_characters_other_than_LF_and_TAB_are_refused(string control)
    {
        Assert.NotNull(TextRules.Check(control));
        Assert.NotNull(TextRules.Check("hello " + control + " world"));
        Assert.NotNull(TextRules.Check("hello world" + control));
    }

    [Fact]
    public void Every_C0_and_C1_control_except_LF_and_TAB_is_forbidden()
    {
        for (var c = 0; c <= 0x10FFFF; c++)
        {
            var expected = c is (< 0x20 or (>= 0x7f and <= 0x9f)) and not '\n' and not '\t';
            Assert.Equal(expected, TextRules.IsForbiddenControl(c));
        }
    }

    [Fact]
    public void Lone_surrogates_are_refused()
    {
        // Built in code: xunit's InlineData would turn a lone surrogate into U+FFFD.
        string[] texts =
        [
            "\ud83d",        // lone high surrogate
            "\udc4b",        // lone low surrogate
            "abc\ud83d",     // high surrogate at the very end
            "\ud83dabc",     // high surrogate followed by no low one
            "a\udc4b\ud83d", // a pair in the wrong order
        ];
        foreach (var text in texts)
        {
            Assert.Contains(text, char.IsSurrogate);
            Assert.Contains("surrogate", TextRules.Check(text));
        }
        Assert.Null(TextRules.Check("\ud83d\udc4b")); // the same two halves in the right order: 👋
    }

    [Fact]
    public void The_reason_is_for_people()
    {
        Assert.Contains("U+0007", TextRules.Check("a\u0007b"));
        Assert.Contains("4000", TextRules.Check(new string('x', 4001)));
    }
}
