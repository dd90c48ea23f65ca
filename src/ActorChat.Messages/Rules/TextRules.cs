using System.Buffers;
using System.Text;

namespace ActorChat.Messages.Rules;

/// <summary>
/// Message text (PROTOCOL.md, <c>text</c>): 1 to N characters (N = 4,000 by default);
/// LF and TAB allowed, any other control character (U+0000–U+001F, U+007F–U+009F) refused.
/// </summary>
public static class TextRules
{
    /// <summary>Null when the text is acceptable, else why not (for the <c>invalid_text</c> message).</summary>
    public static string? Check(string text, int maxLength = ProtocolInfo.DefaultMaxTextLength)
    {
        if (text.Length == 0) return "text must not be empty";
        var rest = text.AsSpan();
        for (var count = 1; !rest.IsEmpty; count++)
        {
            if (count > maxLength) return $"text is longer than {maxLength} characters";
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
                return "text contains an unpaired surrogate";
            if (IsForbiddenControl(rune.Value))
                return $"text contains the control character U+{rune.Value:X4}";
            rest = rest[used..];
        }
        return null;
    }

    /// <summary>C0 and C1 control characters other than LF and TAB.</summary>
    public static bool IsForbiddenControl(int c) =>
        c is (< 0x20 and not '\n' and not '\t') or (>= 0x7F and <= 0x9F);
}
