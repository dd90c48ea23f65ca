using System.Text;
using ActorChat.Server.Delivery;

namespace ActorChat.Tests.Server.Delivery;

/// <summary>Batched broadcasts: one delivery per member, in order, the poster's own copies in place.</summary>
public sealed class BroadcastBatchTests
{
    private readonly BroadcastBatch<string> _batch = new();
    private readonly Dictionary<string, List<string>> _received = new();

    private static byte[] F(string text) => Encoding.UTF8.GetBytes(text + "\n");

    private void Drain(params string[] members) =>
        _batch.Drain(members, members.Contains, (member, bytes, _) =>
        {
            if (!_received.TryGetValue(member, out var list)) _received[member] = list = new();
            list.Add(Encoding.UTF8.GetString(bytes));
        });

    [Fact]
    public void Every_member_gets_the_whole_batch_in_one_delivery_in_order()
    {
        _batch.Add(F("m1"), null, null);
        _batch.Add(F("m2"), null, null);
        _batch.Add(F("m3"), null, null);
        Drain("alice", "bob");

        Assert.Equal(["m1\nm2\nm3\n"], _received["alice"]);
        Assert.Equal(["m1\nm2\nm3\n"], _received["bob"]);
        Assert.True(_batch.IsEmpty);
    }

    [Fact]
    public void A_poster_gets_its_own_copies_in_their_places_and_the_others_the_shared_ones()
    {
        _batch.Add(F("m1"), "alice", F("m1 ref=a1"));
        _batch.Add(F("m2"), "bob", F("m2 ref=b1"));
        _batch.Add(F("m3"), "alice", F("m3 ref=a2"));
        Drain("alice", "bob", "carol");

        Assert.Equal(["m1 ref=a1\nm2\nm3 ref=a2\n"], _received["alice"]);
        Assert.Equal(["m1\nm2 ref=b1\nm3\n"], _received["bob"]);
        Assert.Equal(["m1\nm2\nm3\n"], _received["carol"]);
    }

    [Fact]
    public void A_poster_who_left_still_gets_its_own_copies_and_nothing_else()
    {
        _batch.Add(F("m1"), "dave", F("m1 ref=d1"));
        _batch.Add(F("m2"), "bob", F("m2 ref=b1"));
        Drain("bob");

        Assert.Equal(["m1\nm2 ref=b1\n"], _received["bob"]);
        Assert.Equal(["m1 ref=d1\n"], _received["dave"]);
    }

    [Fact]
    public void An_empty_batch_delivers_nothing()
    {
        Drain("alice");
        Assert.Empty(_received);
        _batch.Add(F("m1"), null, null);
        Drain("alice");
        Drain("alice");
        Assert.Equal(["m1\n"], _received["alice"]);
    }
}
