using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Server;
using ActorChat.Server.Network;
using ActorChat.Server.Transport;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Server.Network;

/// <summary>Bytes in, requests or the errors that answer them out; strikes end in flooding. No actors.</summary>
public sealed class RequestReaderTests
{
    private readonly ManualClock _clock = new();

    private RequestReader Reader(double rate = 0, int burst = 40, int strikes = 50) =>
        new(new ServerLimits { MaxFrameBytes = 64, RatePerSecond = rate, RateBurst = burst, FloodStrikes = strikes, FloodForgivePerSecond = 2, Clock = _clock });

    private static List<InboundFrame> TakeAll(RequestReader reader)
    {
        var taken = new List<InboundFrame>();
        while (reader.TryTake(out var inbound)) taken.Add(inbound);
        return taken;
    }

    [Fact]
    public void Complete_lines_become_requests_in_order_and_a_partial_line_waits_for_its_end()
    {
        var reader = Reader();
        reader.Feed(Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"id\":1}\n{\"type\":\"who\",\"room\":\"lob"));
        var first = Assert.Single(TakeAll(reader));
        Assert.Equal(RequestRef.Of(1), Assert.IsType<PingRequest>(first.Request).Id);

        reader.Feed(Encoding.UTF8.GetBytes("by\"}\n"));
        Assert.Equal("lobby", Assert.IsType<WhoRequest>(Assert.Single(TakeAll(reader)).Request).Room);
    }

    [Fact]
    public void Too_large_and_unreadable_frames_are_answered_with_their_error_codes()
    {
        var reader = Reader();
        reader.Feed(Encoding.UTF8.GetBytes(new string('x', 100) + "\nnot json\n"));
        var taken = TakeAll(reader);
        Assert.Equal([ErrorCodes.FrameTooLarge, ErrorCodes.BadJson], taken.Select(t => t.Error!.Code));
        Assert.All(taken, t => Assert.Null(t.Request));
        Assert.All(taken, t => Assert.False(t.Flooding));
    }

    [Fact]
    public void Past_the_burst_requests_are_rate_limited_with_their_ref_until_time_refills_the_bucket()
    {
        var reader = Reader(rate: 1, burst: 2);
        for (var i = 1; i <= 3; i++) reader.Feed(ProtocolSerializer.EncodeRequest(new PingRequest { Id = i }));
        var taken = TakeAll(reader);
        Assert.NotNull(taken[0].Request);
        Assert.NotNull(taken[1].Request);
        Assert.Equal(ErrorCodes.RateLimited, taken[2].Error!.Code);
        Assert.Equal(RequestRef.Of(3), taken[2].Error!.Ref);

        _clock.Advance(TimeSpan.FromSeconds(1));
        reader.Feed(ProtocolSerializer.EncodeRequest(new PingRequest { Id = 4 }));
        Assert.NotNull(Assert.Single(TakeAll(reader)).Request);
    }

    [Fact]
    public void One_strike_more_than_allowed_in_a_burst_is_flooding_and_time_forgives_strikes()
    {
        var reader = Reader(strikes: 3);
        reader.Feed(Encoding.UTF8.GetBytes("a\nb\nc\nd\n"));
        Assert.Equal([false, false, false, true], TakeAll(reader).Select(t => t.Flooding));

        _clock.Advance(TimeSpan.FromSeconds(1)); // 2 strikes forgiven per second
        reader.Feed(Encoding.UTF8.GetBytes("e\nf\ng\n"));
        Assert.Equal([false, false, true], TakeAll(reader).Select(t => t.Flooding));
    }

    [Fact]
    public void Nothing_waiting_takes_nothing()
    {
        var reader = Reader();
        reader.Feed(Encoding.UTF8.GetBytes("{\"type\":\"ping\""));
        Assert.False(reader.TryTake(out _));
    }

    [Fact]
    public void An_idle_reader_holds_nothing_between_reads_but_keeps_a_partial_frame_and_waiting_frames()
    {
        var reader = Reader();
        Assert.False(reader.HoldsState);
        reader.Feed(Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"id\":1}\n"));
        Assert.True(reader.HoldsState); // a frame waits
        Assert.Single(TakeAll(reader));
        Assert.False(reader.HoldsState);

        reader.Feed(Encoding.UTF8.GetBytes("{\"type\":\"pi"));
        Assert.True(reader.HoldsState); // a partial frame
        reader.Feed(Encoding.UTF8.GetBytes("ng\",\"id\":2}\n{\"type\":\"ping\",\"id\":3}\n"));
        Assert.True(reader.TryTake(out var second));
        Assert.Equal(RequestRef.Of(2), second.Request!.Id);
        reader.Feed(Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"id\":4}\n")); // arrives while 3 still waits
        Assert.Equal([RequestRef.Of(3), RequestRef.Of(4)], TakeAll(reader).Select(t => t.Request!.Id));
        Assert.False(reader.HoldsState);
    }

    [Fact]
    public void A_strike_bucket_made_at_the_first_strike_allows_the_same_burst_as_one_made_at_the_start()
    {
        var reader = Reader(strikes: 3);
        _clock.Advance(TimeSpan.FromMinutes(5)); // a long quiet time before anything goes wrong
        reader.Feed(Encoding.UTF8.GetBytes("a\nb\nc\nd\n"));
        Assert.Equal([false, false, false, true], TakeAll(reader).Select(t => t.Flooding));
    }

    [Fact]
    public void What_a_connection_read_is_fed_and_any_other_event_is_left_to_the_session()
    {
        var reader = Reader();
        Assert.True(reader.Feed(new BytesReceived(Akka.IO.ByteString.FromString("{\"type\":\"ping\",\"id\":1}\n"))));
        Assert.True(reader.Feed(new FrameReceived(ActorChat.Messages.Framing.FrameResult.NotText)));
        Assert.False(reader.Feed(WriteRefused.Instance));
        Assert.False(reader.Feed(new ConnectionEnded("reset")));
        Assert.False(reader.Feed((ConnectionEvent?)null));

        var taken = TakeAll(reader);
        Assert.Equal(RequestRef.Of(1), taken[0].Request!.Id);
        Assert.Equal(ErrorCodes.BadJson, taken[1].Error!.Code);
        Assert.Equal(2, taken.Count);
    }
}
