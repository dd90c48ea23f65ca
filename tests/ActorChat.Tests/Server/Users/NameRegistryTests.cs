using ActorChat.Server.Users;

namespace ActorChat.Tests.Server.Users;

public sealed class NameRegistryTests
{
    [Fact]
    public void Names_are_unique_case_insensitively()
    {
        var names = new NameRegistry<int>();
        Assert.True(names.TryClaim("alice", 1));
        Assert.False(names.TryClaim("ALICE", 2));
        Assert.False(names.TryClaim("Alice", 3));
        Assert.Equal("alice", names.NameOf(1));
        Assert.Null(names.NameOf(2));
    }

    [Fact]
    public void Composed_and_decomposed_forms_are_one_name()
    {
        var names = new NameRegistry<int>();
        var composed = ActorChat.Messages.Rules.NameRules.Canonicalize("Zo\u00EB")!;
        var decomposed = ActorChat.Messages.Rules.NameRules.Canonicalize("zoe\u0308")!;
        Assert.True(names.TryClaim(composed, 1));
        Assert.False(names.TryClaim(decomposed, 2));
    }

    [Fact]
    public void A_released_name_can_be_claimed_again()
    {
        var names = new NameRegistry<int>();
        names.TryClaim("bob", 1);
        names.Release(1);
        Assert.True(names.TryClaim("BOB", 2));
        Assert.Equal(1, names.Count);
    }

    [Fact]
    public void A_holder_has_one_name()
    {
        var names = new NameRegistry<int>();
        Assert.True(names.TryClaim("bob", 1));
        Assert.False(names.TryClaim("robert", 1));
    }

    [Fact]
    public void Lookup_ignores_case_and_returns_the_exact_name()
    {
        var names = new NameRegistry<int>();
        names.TryClaim("Alice", 1);
        Assert.True(names.TryFind("aLiCe", out var holder, out var exact));
        Assert.Equal((1, "Alice"), (holder, exact));
        Assert.False(names.TryFind("nobody", out _, out _));
        Assert.False(names.TryFind("not a name!", out _, out _));
    }
}
