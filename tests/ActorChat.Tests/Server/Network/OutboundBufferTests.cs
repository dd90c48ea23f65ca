using ActorChat.Server.Network;
using Akka.IO;

namespace ActorChat.Tests.Server.Network;

public sealed class OutboundBufferTests
{
    private static ByteString Bytes(int n, byte value = 1) => ByteString.FromBytes(Enumerable.Repeat(value, n).ToArray());

    [Fact]
    public void Frames_queued_while_a_write_is_in_flight_go_out_together_in_order()
    {
        var buffer = new OutboundBuffer(1000);
        buffer.Enqueue(Bytes(10, 1));
        var first = buffer.TakeBatch();
        Assert.Equal(10, first!.Count);
        buffer.Enqueue(Bytes(5, 2));
        buffer.Enqueue(Bytes(5, 3));
        Assert.Null(buffer.TakeBatch()); // one write at a time
        buffer.Acknowledge();
        var second = buffer.TakeBatch()!;
        Assert.Equal(new byte[] { 2, 2, 2, 2, 2, 3, 3, 3, 3, 3 }, second.ToArray());
        buffer.Acknowledge();
        Assert.True(buffer.IsDrained);
    }

    [Fact]
    public void What_waits_is_bounded_counting_the_write_in_flight()
    {
        var buffer = new OutboundBuffer(100);
        Assert.True(buffer.Enqueue(Bytes(60)));
        buffer.TakeBatch();
        Assert.True(buffer.Enqueue(Bytes(40)));
        Assert.False(buffer.Enqueue(Bytes(1)));
        Assert.Equal(100, buffer.PendingBytes);
        buffer.Acknowledge();
        Assert.True(buffer.Enqueue(Bytes(60)));
    }

    [Fact]
    public void Last_words_pass_the_bound_and_dropping_keeps_the_write_in_flight()
    {
        var buffer = new OutboundBuffer(10);
        buffer.Enqueue(Bytes(10));
        buffer.TakeBatch();
        buffer.DropQueued();
        buffer.EnqueueUnbounded(Bytes(5));
        Assert.Equal(15, buffer.PendingBytes);
        buffer.Acknowledge();
        Assert.Equal(5, buffer.TakeBatch()!.Count);
    }

    [Fact]
    public void A_burst_goes_out_in_order_as_one_write_and_leaves_no_list_behind()
    {
        var buffer = new OutboundBuffer(1000);
        Assert.False(buffer.HoldsList);
        buffer.Enqueue(Bytes(3, 9));
        Assert.False(buffer.HoldsList); // one frame needs no list
        Assert.Equal(3, buffer.TakeBatch()!.Count);
        for (byte i = 1; i <= 20; i++) buffer.Enqueue(Bytes(2, i));
        Assert.True(buffer.HoldsList);
        buffer.Acknowledge();
        var batch = buffer.TakeBatch()!;
        Assert.Equal(Enumerable.Range(1, 20).SelectMany(i => new[] { (byte)i, (byte)i }), batch.ToArray());
        Assert.False(buffer.HoldsList);
        buffer.Acknowledge();
        Assert.True(buffer.IsDrained);
        Assert.Null(buffer.TakeBatch());
    }

    [Fact]
    public void Dropping_what_is_queued_drops_the_burst_too()
    {
        var buffer = new OutboundBuffer(1000);
        buffer.Enqueue(Bytes(1));
        buffer.TakeBatch();
        buffer.Enqueue(Bytes(2));
        buffer.Enqueue(Bytes(3));
        buffer.DropQueued();
        Assert.False(buffer.HoldsList);
        Assert.Equal(1, buffer.PendingBytes);
        buffer.Acknowledge();
        Assert.Null(buffer.TakeBatch());
        Assert.True(buffer.IsDrained);
    }
}
