using System.Text;
using ActorChat.Messages.Rules;
using Terminal.Gui.Drawing;

namespace ActorChat.Client.Screen;

/// <summary>
/// A colour per sender name, so a busy room reads like a conversation: the same name always
/// gets the same colour from a fixed palette, in every client and every run.
/// </summary>
/// <remarks>
/// The hash is FNV-1a over the name's case-folded UTF-8 bytes. <see cref="string.GetHashCode()"/>
/// will not do: it is randomized per process, so colours would change on each start.
/// </remarks>
public sealed class NameColours
{
    /// <summary>Readable on a dark or light background; no black, white or grays, which would look like plain text.</summary>
    public static readonly IReadOnlyList<ColorName16> DefaultPalette =
    [
        ColorName16.Red, ColorName16.Green, ColorName16.Yellow, ColorName16.Blue, ColorName16.Magenta, ColorName16.Cyan,
        ColorName16.BrightRed, ColorName16.BrightGreen, ColorName16.BrightYellow, ColorName16.BrightBlue, ColorName16.BrightMagenta, ColorName16.BrightCyan,
    ];

    private readonly IReadOnlyList<ColorName16> _palette;

    public NameColours()
        : this(DefaultPalette)
    {
    }

    public NameColours(IReadOnlyList<ColorName16> palette)
    {
        if (palette.Count == 0) throw new ArgumentException("the palette needs at least one colour", nameof(palette));
        _palette = palette;
    }

    /// <summary>The colour of a sender; names that differ only in case are one user, so one colour.</summary>
    public ColorName16 For(string name) => _palette[(int)(StableHash(NameRules.Key(name)) % (uint)_palette.Count)];

    /// <summary>32-bit FNV-1a: tiny, fixed, and spreads short names well enough.</summary>
    public static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return hash;
    }
}
