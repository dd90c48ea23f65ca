using ActorChat.Server.Users;

namespace ActorChat.Tests.Server.Users;

/// <summary>The directory's table of running conversations: by pair, and by user for when a user leaves.</summary>
public sealed class ConversationTableTests
{
    private readonly ConversationTable<string> _table = new();

    [Fact]
    public void A_conversation_is_found_by_its_pair_and_listed_for_both_users()
    {
        _table.Add("alice~bob", "alice", "bob", "dm-1");
        _table.Add("alice~carol", "alice", "carol", "dm-2");

        Assert.Equal(2, _table.Count);
        Assert.True(_table.TryGetValue("alice~bob", out var found));
        Assert.Equal("dm-1", found);
        Assert.Equal(["alice~bob", "alice~carol"], _table.PairsOf("alice").Order());
        Assert.Equal(["alice~bob"], _table.PairsOf("bob"));
        Assert.Empty(_table.PairsOf("dave"));
        Assert.Equal("alice~carol", _table.PairOf("dm-2"));
        Assert.Null(_table.PairOf("dm-9"));
    }

    [Fact]
    public void Removing_a_pair_forgets_it_for_both_users()
    {
        _table.Add("alice~bob", "alice", "bob", "dm-1");
        Assert.True(_table.Remove("alice~bob"));
        Assert.False(_table.Remove("alice~bob"));
        Assert.Equal(0, _table.Count);
        Assert.False(_table.TryGetValue("alice~bob", out _));
        Assert.Empty(_table.PairsOf("alice"));
        Assert.Empty(_table.PairsOf("bob"));
    }

    [Fact]
    public void A_users_pairs_are_a_copy_so_the_caller_may_remove_them_while_going_through()
    {
        _table.Add("alice~bob", "alice", "bob", "dm-1");
        _table.Add("alice~carol", "alice", "carol", "dm-2");
        foreach (var pair in _table.PairsOf("alice")) _table.Remove(pair);
        Assert.Equal(0, _table.Count);
        Assert.Empty(_table.PairsOf("carol"));
    }

    [Fact]
    public void A_conversation_with_oneself_is_one_pair_for_one_user()
    {
        _table.Add("alice~alice", "alice", "alice", "dm-1");
        Assert.Equal(["alice~alice"], _table.PairsOf("alice"));
        _table.Remove("alice~alice");
        Assert.Empty(_table.PairsOf("alice"));
    }

    [Fact]
    public void A_new_conversation_for_a_pair_replaces_the_old_one()
    {
        _table.Add("alice~bob", "alice", "bob", "dm-1");
        _table.Add("alice~bob", "alice", "bob", "dm-2");
        Assert.Equal(1, _table.Count);
        Assert.True(_table.TryGetValue("alice~bob", out var found));
        Assert.Equal("dm-2", found);
        Assert.Equal(["alice~bob"], _table.PairsOf("bob"));
    }
}
