using ActorChat.Messages;
using ActorChat.Messages.Rules;

namespace ActorChat.Tests.Messages;

public class NameRulesTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("a")]
    [InlineData("Alice_Bob-2.0")]
    [InlineData("_")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("007")]
    [InlineData("Zoë")]
    [InlineData("名前")]
    [InlineData("Ωμέγα")]
    [InlineData("Привет")]
    [InlineData("مرحبا")]
    [InlineData("١٢٣")]                                // Arabic-Indic digits
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]   // 32
    public void Valid_names(string name)
    {
        Assert.True(NameRules.IsValid(name));
        Assert.Equal(name, NameRules.Canonicalize(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")] // 33
    [InlineData("alice bob")]
    [InlineData(" alice")]
    [InlineData("alice ")]
    [InlineData("alice\t")]
    [InlineData("ali\nce")]
    [InlineData("ali\u0000ce")]
    [InlineData("ali\u0007ce")]
    [InlineData("ali\u007fce")]
    [InlineData("ali\u0085ce")]
    [InlineData("ali\u200dce")]   // zero-width joiner
    [InlineData("ali\u200bce")]   // zero-width space
    [InlineData("ali\u00a0ce")]   // no-break space
    [InlineData("\ufeffalice")]   // byte order mark
    [InlineData("alice@example")]
    [InlineData("@alice")]
    [InlineData("#lobby")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData("a+b")]
    [InlineData("👋")]
    [InlineData("alice👋")]
    [InlineData("x\u0301")]        // a combining mark that does not compose stays a mark
    [InlineData("\u0301")]
    public void Invalid_names(string? name)
    {
        Assert.False(NameRules.IsValid(name));
        Assert.Null(NameRules.Canonicalize(name));
    }

    [Fact]
    public void Lone_surrogates_are_invalid()
    {
        // Built in code: xunit's InlineData would turn a lone surrogate into U+FFFD.
        foreach (var name in new[] { "\ud83d", "a\udc4bb", "abc\ud83d", "\udc4b\ud83d" })
        {
            Assert.False(NameRules.IsValid(name));
            Assert.Null(NameRules.Canonicalize(name));
        }
    }

    [Fact]
    public void Length_is_counted_in_characters_not_UTF16_units()
    {
        var ancient = string.Concat(Enumerable.Repeat("𐌀", 32)); // U+10300 OLD ITALIC LETTER A, a letter outside the BMP

        Assert.Equal(64, ancient.Length);
        Assert.True(NameRules.IsValid(ancient));
        Assert.False(NameRules.IsValid(ancient + "𐌀"));
    }

    [Fact]
    public void Length_is_counted_after_NFC()
    {
        var decomposed = string.Concat(Enumerable.Repeat("e\u0301", 32)); // 64 code points, 32 after NFC

        Assert.Equal(new string('é', 32), NameRules.Canonicalize(decomposed));
    }

    [Fact]
    public void The_maximum_is_the_protocol_constant()
    {
        Assert.Equal(32, ProtocolInfo.MaxNameLength);
        Assert.True(NameRules.IsValid(new string('x', ProtocolInfo.MaxNameLength)));
        Assert.False(NameRules.IsValid(new string('x', ProtocolInfo.MaxNameLength + 1)));
    }

    [Fact]
    public void Decomposed_and_composed_forms_canonicalize_to_the_same_name()
    {
        var composed = "Jos\u00e9";     // é as one code point
        var decomposed = "Jose\u0301";  // e + combining acute accent

        Assert.NotEqual(composed, decomposed);
        Assert.Equal(composed, NameRules.Canonicalize(decomposed));
        Assert.Equal(composed, NameRules.Canonicalize(composed));
        Assert.Equal(NameRules.Key(NameRules.Canonicalize(composed)!), NameRules.Key(NameRules.Canonicalize(decomposed)!));
    }

    [Fact]
    public void A_lone_e_with_acute_canonicalizes_equal_to_the_composed_character()
    {
        Assert.Equal("é", NameRules.Canonicalize("e\u0301"));
        Assert.Equal(NameRules.Key("é"), NameRules.Key(NameRules.Canonicalize("e\u0301")!));
    }

    [Fact]
    public void Canonical_equivalents_like_the_Kelvin_and_Angstrom_signs_collide()
    {
        Assert.Equal(NameRules.Key(NameRules.Canonicalize("K")!), NameRules.Key(NameRules.Canonicalize("\u212a")!));
        Assert.Equal(NameRules.Key(NameRules.Canonicalize("\u00c5")!), NameRules.Key(NameRules.Canonicalize("\u212b")!));
    }

    [Theory]
    [InlineData("Alice", "ALICE")]
    [InlineData("alice", "ALICE")]
    [InlineData("aLiCe", "AlIcE")]
    [InlineData("Zoë", "ZOË")]
    [InlineData("Привет", "ПРИВЕТ")]
    [InlineData("ΟΔΟΣ", "οδος")]    // final sigma
    [InlineData("Σοφία", "ΣΟΦΊΑ")]
    [InlineData("σοφός", "σοφόσ")]  // final and medial sigma: both upper-case to Σ
    [InlineData("μ", "\u00b5")]     // Greek mu and the micro sign
    [InlineData("ſam", "SAM")]      // long s
    [InlineData("Ǆ", "ǅ")]          // upper and title case of the dz digraph
    public void Keys_are_case_insensitive(string a, string b)
    {
        var ca = NameRules.Canonicalize(a);
        var cb = NameRules.Canonicalize(b);
        Assert.NotNull(ca);
        Assert.NotNull(cb);

        Assert.Equal(NameRules.Key(ca), NameRules.Key(cb));
    }

    [Theory]
    [InlineData("alice", "bob")]
    [InlineData("alice", "alice_")]
    [InlineData("zoe", "zoë")]
    [InlineData("a.b", "a-b")]
    public void Different_names_have_different_keys(string a, string b)
    {
        Assert.NotEqual(NameRules.Key(NameRules.Canonicalize(a)!), NameRules.Key(NameRules.Canonicalize(b)!));
    }

    [Fact]
    public void Canonicalize_keeps_the_case_as_written()
    {
        Assert.Equal("Alice", NameRules.Canonicalize("Alice"));
        Assert.Equal("ALICE", NameRules.Canonicalize("ALICE"));
    }

    [Fact]
    public void Lobby_is_a_valid_name_and_its_own_key()
    {
        Assert.Equal(ProtocolInfo.Lobby, NameRules.Canonicalize(ProtocolInfo.Lobby));
        Assert.Equal(ProtocolInfo.Lobby, NameRules.Key(ProtocolInfo.Lobby));
        Assert.Equal(ProtocolInfo.Lobby, NameRules.Key(NameRules.Canonicalize("LOBBY")!));
    }
}
