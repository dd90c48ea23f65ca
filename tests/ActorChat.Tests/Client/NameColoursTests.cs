using ActorChat.Client.Screen;
using Terminal.Gui.Drawing;

namespace ActorChat.Tests.Client;

public sealed class NameColoursTests
{
    [Fact]
    public void The_same_name_always_gets_the_same_colour_whatever_its_case()
    {
        var colours = new NameColours();
        Assert.Equal(colours.For("alice"), colours.For("alice"));
        Assert.Equal(colours.For("alice"), colours.For("ALICE"));
        Assert.Equal(colours.For("bob"), new NameColours().For("bob"));
    }

    [Fact]
    public void The_hash_is_fixed_across_processes()
    {
        // FNV-1a reference values: a change here would recolour every user.
        Assert.Equal(2166136261u, NameColours.StableHash(""));
        Assert.Equal(0xe40c292cu, NameColours.StableHash("a"));
        Assert.Equal(0xbf9cf968u, NameColours.StableHash("foobar"));
    }

    [Fact]
    public void Names_spread_over_the_palette_and_stay_in_it()
    {
        var colours = new NameColours();
        var used = Enumerable.Range(0, 200).Select(i => colours.For("user" + i)).ToHashSet();
        Assert.Subset(NameColours.DefaultPalette.ToHashSet(), used);
        Assert.True(used.Count >= NameColours.DefaultPalette.Count - 2, $"only {used.Count} colours used");
        Assert.DoesNotContain(ColorName16.Black, used);
    }

    [Fact]
    public void A_palette_of_one_colours_everyone_alike()
    {
        var colours = new NameColours([ColorName16.Cyan]);
        Assert.Equal(ColorName16.Cyan, colours.For("anyone"));
        Assert.Throws<ArgumentException>(() => new NameColours([]));
    }
}
