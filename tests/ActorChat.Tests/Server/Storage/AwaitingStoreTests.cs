using ActorChat.Server.Storage;

namespace ActorChat.Tests.Server.Storage;

public sealed class AwaitingStoreTests
{
    [Fact]
    public void Stored_messages_come_out_in_id_order_up_to_the_confirmed_id()
    {
        var waiting = new AwaitingStore<string>();
        for (var id = 1; id <= 5; id++) waiting.Add(id, "m" + id);

        Assert.Equal(["m1", "m2", "m3"], waiting.TakeStored(3).ToList());
        Assert.Equal(2, waiting.Count);
        Assert.Equal(["m4", "m5"], waiting.TakeStored(9).ToList());
        Assert.True(waiting.IsEmpty);
    }

    [Fact]
    public void Failed_messages_are_taken_out_and_the_rest_keep_their_order()
    {
        var waiting = new AwaitingStore<string>();
        for (var id = 1; id <= 5; id++) waiting.Add(id, "m" + id);

        Assert.Equal(["m2", "m3"], waiting.TakeFailed([2L, 3L]));
        Assert.Equal(["m1", "m4", "m5"], waiting.TakeStored(5).ToList());
    }
}
