using System.Threading.Channels;
using ActorChat.Messages.Framing;
using ActorChat.Server.Transport;
using ActorChat.Server.Transport.Kestrel;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;

namespace ActorChat.Tests.Server.Transport;

/// <summary>
/// The actor around a TLS or WebSocket connection, with an in-memory channel whose reads and
/// writes the test completes: ordering, batching, acknowledgements, the bound, closing and ending.
/// </summary>
public sealed class ChannelConnectionTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly ScriptedChannel _channel = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TestProbe _session;
    private readonly KestrelConnection _connection;

    public ChannelConnectionTests()
    {
        _session = CreateTestProbe("session");
        _connection = new KestrelConnection(Sys.ActorOf(ChannelConnection.Props(_channel, maxPendingBytes: 100, _ended)), TransportKind.WebSocket);
        _connection.Register(_session);
    }

    private static ByteString Frame(string text) => ByteString.FromString(text + "\n");

    [Fact]
    public async Task What_the_client_sends_reaches_the_registered_session_in_order()
    {
        await _channel.Receive(new FrameReceived(new FrameResult("{\"a\":1}"u8.ToArray())));
        await _channel.Receive(new FrameReceived(FrameResult.TooLarge));
        Assert.Equal("{\"a\":1}"u8.ToArray(), Assert.IsType<FrameReceived>(_connection.Read(_session.ExpectMsg<FrameReceived>())).Frame.Line);
        Assert.True(_session.ExpectMsg<FrameReceived>().Frame.IsTooLarge);
    }

    [Fact]
    public async Task Writes_go_out_in_order_one_at_a_time_and_those_that_ask_are_acknowledged_when_written()
    {
        _connection.Write(Frame("one"), _session, acknowledge: true);
        var first = await _channel.NextWrite();
        _connection.Write(Frame("two"), TestActor); // a room's, while the first is in flight
        _connection.Write(Frame("three"), _session, acknowledge: true);
        _session.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // not acknowledged before it is written
        first.Complete();
        _session.ExpectMsg<WriteAck>();
        var second = await _channel.NextWrite();
        Assert.Equal(["one\n"], first.Texts);
        Assert.Equal(["two\n", "three\n"], second.Texts); // what waited goes out together
        second.Complete();
        _session.ExpectMsg<WriteAck>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(50)); // the room asked for no acknowledgement
    }

    [Fact]
    public async Task A_write_past_the_bound_is_refused_to_its_writer_and_the_rest_still_go()
    {
        _connection.Write(ByteString.FromBytes(new byte[60]), TestActor);
        var first = await _channel.NextWrite();
        _connection.Write(ByteString.FromBytes(new byte[60]), TestActor); // 120 > 100 pending
        Assert.Same(WriteRefused.Instance, _connection.Read(ExpectMsg<WriteRefused>()));
        _connection.Write(ByteString.FromBytes(new byte[40]), _session, acknowledge: true); // 100: within the bound
        first.Complete();
        var second = await _channel.NextWrite();
        Assert.Equal(40, second.Bytes);
        second.Complete();
        _session.ExpectMsg<WriteAck>();
        _connection.Write(ByteString.FromBytes(new byte[100]), TestActor); // all written: room again
        (await _channel.NextWrite()).Complete();
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Close_sends_what_is_queued_then_closes_and_drops_later_writes()
    {
        _connection.Write(Frame("last words"), _session, acknowledge: true);
        var inFlight = await _channel.NextWrite();
        _connection.Write(Frame("queued"), TestActor);
        _connection.Close(_session);
        _connection.Write(Frame("too late"), TestActor);
        inFlight.Complete();
        var queued = await _channel.NextWrite();
        Assert.Equal(["queued\n"], queued.Texts);
        Assert.False(_channel.CloseRequested.IsCompleted);
        queued.Complete();
        await _channel.CloseRequested.WaitAsync(RawClientTimeout);
        _channel.CloseEndsConnection.SetResult(true); // TLS: the close is the end
        _session.ExpectMsg<WriteAck>();
        Assert.IsType<ConnectionEnded>(_connection.Read(_session.ExpectMsg<ConnectionEnded>()));
        await _ended.Task.WaitAsync(RawClientTimeout);
        Assert.False(_channel.Aborted); // a clean end is Kestrel's to close in order, not a reset
        Assert.Equal(2, _channel.WriteCount); // "too late" never went
    }

    [Fact]
    public async Task A_close_handshake_ends_when_the_client_answers()
    {
        _connection.Close(_session);
        await _channel.CloseRequested.WaitAsync(RawClientTimeout);
        _channel.CloseEndsConnection.SetResult(false); // WebSocket: the client's close frame ends the read
        _session.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _channel.EndRead("closed by the client");
        Assert.Equal("closed by the client", _session.ExpectMsg<ConnectionEnded>().Detail);
        await _ended.Task.WaitAsync(RawClientTimeout);
    }

    [Fact]
    public async Task The_client_going_away_ends_the_session_s_connection()
    {
        _channel.EndRead("closed by the client");
        _session.ExpectMsg<ConnectionEnded>();
        await _ended.Task.WaitAsync(RawClientTimeout);
        Assert.False(_channel.Aborted);
    }

    [Fact]
    public async Task Abort_drops_the_connection_at_once()
    {
        _connection.Write(Frame("never finished"), _session, acknowledge: true);
        await _channel.NextWrite();
        _connection.Abort(_session);
        Assert.Equal("aborted", _session.ExpectMsg<ConnectionEnded>().Detail);
        await _ended.Task.WaitAsync(RawClientTimeout);
        Assert.True(_channel.Aborted);
    }

    [Fact]
    public async Task A_failed_write_ends_the_connection()
    {
        _connection.Write(Frame("x"), _session, acknowledge: true);
        (await _channel.NextWrite()).Fail(new IOException("reset by peer"));
        Assert.Contains("reset by peer", _session.ExpectMsg<ConnectionEnded>().Detail);
        await _ended.Task.WaitAsync(RawClientTimeout);
    }

    [Fact]
    public async Task When_its_session_stops_the_connection_goes_too()
    {
        Sys.Stop(_session);
        await _ended.Task.WaitAsync(RawClientTimeout);
        Assert.True(_channel.Aborted);
    }

    private static readonly TimeSpan RawClientTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A channel whose reads the test feeds and whose writes and close the test completes.</summary>
    private sealed class ScriptedChannel : IFrameChannel
    {
        private readonly Channel<ConnectionEvent> _reads = Channel.CreateUnbounded<ConnectionEvent>();
        private readonly TaskCompletionSource<string> _readEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>();
        private readonly TaskCompletionSource _closeRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _aborted;
        private int _writeCount;

        public Task CloseRequested => _closeRequested.Task;
        public TaskCompletionSource<bool> CloseEndsConnection { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Aborted => _aborted;
        public int WriteCount => _writeCount;

        public ValueTask Receive(ConnectionEvent e) => _reads.Writer.WriteAsync(e);

        public void EndRead(string detail) => _readEnded.TrySetResult(detail);

        public async Task<PendingWrite> NextWrite() => await _writes.Reader.ReadAsync().AsTask().WaitAsync(RawClientTimeout);

        public async Task<string> ReadAsync(Action<ConnectionEvent> received, CancellationToken cancellation)
        {
            var pump = Task.Run(async () =>
            {
                await foreach (var e in _reads.Reader.ReadAllAsync(cancellation)) received(e);
            }, cancellation);
            return await _readEnded.Task.WaitAsync(cancellation);
        }

        public Task WriteAsync(IReadOnlyList<ByteString> frames, CancellationToken cancellation)
        {
            Interlocked.Increment(ref _writeCount);
            var write = new PendingWrite(frames);
            _writes.Writer.TryWrite(write);
            return write.Done;
        }

        public Task<bool> CloseAsync(CancellationToken cancellation)
        {
            _closeRequested.TrySetResult();
            return CloseEndsConnection.Task;
        }

        public void Abort()
        {
            _aborted = true;
            _readEnded.TrySetResult("aborted");
        }
    }

    private sealed class PendingWrite(IReadOnlyList<ByteString> frames)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task Done => _done.Task;
        public IReadOnlyList<string> Texts => frames.Select(f => f.ToString()).ToList();
        public long Bytes => frames.Sum(f => (long)f.Count);
        public void Complete() => _done.SetResult();
        public void Fail(Exception e) => _done.SetException(e);
    }
}
