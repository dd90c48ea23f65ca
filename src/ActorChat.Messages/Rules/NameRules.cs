using System.Globalization;
using System.Text;

namespace ActorChat.Messages.Rules;

/// <summary>
/// User and room names (PROTOCOL.md, <c>login</c> and <c>join</c>): 1 to 32 characters,
/// each a Unicode letter or digit, <c>_</c>, <c>-</c> or <c>.</c>; compared case-insensitively.
/// </summary>
/// <remarks>
/// Names are brought to Unicode NFC first, so a composed "é" and "e" + combining accent
/// are one name, and combining marks (which are neither letters nor digits) cannot be
/// used to make look-alikes. Characters are counted as Unicode scalar values.
/// </remarks>
public static class NameRules
{
    /// <summary>The name in canonical form (NFC), or null when it breaks the rules.</summary>
    public static string? Canonicalize(string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        string normalized;
        try
        {
            normalized = name.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return null; // lone surrogates cannot be normalized
        }

        var count = 0;
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (++count > ProtocolInfo.MaxNameLength) return null;
            if (!(Rune.IsLetterOrDigit(rune) || rune.Value is '_' or '-' or '.')) return null;
        }
        return normalized;
    }

    public static bool IsValid(string? name) => Canonicalize(name) is not null;

    /// <summary>The key under which two names that differ only by case (or normal form) collide.</summary>
    /// <remarks>
    /// Upper-casing before lower-casing approximates Unicode simple case folding: lower-casing
    /// alone leaves letters that have two lower-case forms apart (Greek final sigma "ς" and
    /// "σ", both "Σ"; the micro sign "µ" and "μ", both "Μ"; the long s "ſ" and "s").
    /// </remarks>
    public static string Key(string canonicalName) =>
        canonicalName.ToUpper(CultureInfo.InvariantCulture).ToLower(CultureInfo.InvariantCulture);

    public const string Description = "1 to 32 letters, digits, '_', '-' or '.'";
}
