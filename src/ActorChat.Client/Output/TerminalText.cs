using System.Globalization;
using System.Text;

namespace ActorChat.Client.Output;

/// <summary>
/// Makes text that came from the network safe to write to a terminal.
/// </summary>
/// <remarks>
/// Anything the server relays was typed by some other user, so it must not be able to
/// drive our terminal: a raw ESC starts a control sequence (cursor moves, colour, title
/// changes, clipboard writes on some terminals), C0/C1 controls move the cursor or ring
/// bells, and the bidi override and isolate characters can make a line read differently
/// from what it contains. Such characters are shown as visible escapes instead, e.g.
/// <c>\x1b</c> or <c>\u202e</c>; escaping ESC itself disarms the whole sequence.
/// </remarks>
public static class TerminalText
{
    /// <summary>Escapes unsafe characters; keeps LF and TAB, which message text may contain.</summary>
    public static string Escape(string? text) => EscapeCore(text, keepLineBreaks: true);

    /// <summary>
    /// Escapes unsafe characters and also LF and TAB, for fields that must stay on one
    /// line (names, rooms, codes, reasons).
    /// </summary>
    public static string EscapeSingleLine(string? text) => EscapeCore(text, keepLineBreaks: false);

    /// <summary>True for characters that must never reach the terminal raw (LF and TAB excluded).</summary>
    public static bool IsUnsafe(char c) =>
        c is (< '\x20' and not '\n' and not '\t')
            or (>= '\x7f' and <= '\x9f')
            or (>= '\u202a' and <= '\u202e')
            or (>= '\u2066' and <= '\u2069');

    private static string EscapeCore(string? text, bool keepLineBreaks)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;

        // Fast path: most text needs nothing, so do not allocate.
        var firstUnsafe = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (NeedsEscape(text[i], keepLineBreaks))
            {
                firstUnsafe = i;
                break;
            }
        }
        if (firstUnsafe < 0) return text;

        var builder = new StringBuilder(text.Length + 8);
        builder.Append(text, 0, firstUnsafe);
        for (var i = firstUnsafe; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsEscape(c, keepLineBreaks)) builder.Append(c);
            else if (c == '\n') builder.Append("\\n");
            else if (c == '\t') builder.Append("\\t");
            else if (c <= '\xff') builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(char c, bool keepLineBreaks) =>
        IsUnsafe(c) || (!keepLineBreaks && c is '\n' or '\t');
}
