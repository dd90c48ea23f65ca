using ActorChat.Server.Storage;
using ActorChat.Server.Users;

namespace ActorChat.Tests.Server.Users;

/// <summary>The directory's table of running conversations: by pair, and by user for when a user leaves.</summary>
public sealed class ConversationTableTests
{
    private readonly ConversationTable<string> _table = new();

    private static ConversationKey P(string a, string b) => ConversationKey.Pair(a, b);

    [Fact]
    public void A_conversation_is_found_by_its_pair_and_listed_for_both_users()
    {
        _table.Add(P("alice", "bob"), "dm-1");
        _table.Add(P("alice", "carol"), "dm-2");

        Assert.Equal(2, _table.Count);
        Assert.True(_table.TryGetValue(P("alice", "bob"), out var found));
        Assert.Equal("dm-1", found);
        Assert.Equal([P("alice", "bob"), P("alice", "carol")], _table.PairsOf("alice").OrderBy(p => p.Second, StringComparer.Ordinal));
        Assert.Equal([P("alice", "bob")], _table.PairsOf("bob"));
        Assert.Empty(_table.PairsOf("dave"));
        Assert.Equal(P("alice", "carol"), _table.PairOf("dm-2"));
        Assert.Null(_table.PairOf("dm-9"));
    }

    [Fact]
    public void Removing_a_pair_forgets_it_for_both_users()
    {
        _table.Add(P("alice", "bob"), "dm-1");
        Assert.True(_table.Remove(P("alice", "bob")));
        Assert.False(_table.Remove(P("alice", "bob")));
        Assert.Equal(0, _table.Count);
        Assert.False(_table.TryGetValue(P("alice", "bob"), out _));
        Assert.Empty(_table.PairsOf("alice"));
        Assert.Empty(_table.PairsOf("bob"));
    }

    [Fact]
    public void A_users_pairs_are_a_copy_so_the_caller_may_remove_them_while_going_through()
    {
        _table.Add(P("alice", "bob"), "dm-1");
        _table.Add(P("alice", "carol"), "dm-2");
        foreach (var pair in _table.PairsOf("alice")) _table.Remove(pair);
        Assert.Equal(0, _table.Count);
        Assert.Empty(_table.PairsOf("carol"));
    }

    [Fact]
    public void A_conversation_with_oneself_is_one_pair_for_one_user()
    {
        _table.Add(P("alice", "alice"), "dm-1");
        Assert.Equal([P("alice", "alice")], _table.PairsOf("alice"));
        _table.Remove(P("alice", "alice"));
        Assert.Empty(_table.PairsOf("alice"));
    }

    [Fact]
    public void A_new_conversation_for_a_pair_replaces_the_old_one()
    {
        _table.Add(P("alice", "bob"), "dm-1");
        _table.Add(P("alice", "bob"), "dm-2");
        Assert.Equal(1, _table.Count);
        Assert.True(_table.TryGetValue(P("alice", "bob"), out var found));
        Assert.Equal("dm-2", found);
        Assert.Equal([P("alice", "bob")], _table.PairsOf("bob"));
    }
}
