using Akka.Actor;
using Akka.Event;
using Akka.IO;

namespace ActorChat.Server.Transport.Kestrel;

/// <summary>
/// The actor that owns one Kestrel connection (TLS or WebSocket) for its session, as Akka.IO's
/// connection actor owns a TCP one: it reads for the registered session, writes in order, one
/// write at a time (what comes meanwhile goes out together next), acknowledges the writes that ask
/// for it, and refuses writes past its bound (<see cref="ServerLimits.MaxPendingWriteBytes"/>, as
/// Akka.IO's queue is bounded), so a client that does not read is dropped as a slow consumer.
/// </summary>
/// <remarks>
/// States (Become): Open → Closing (the session said close: what is queued goes out, then the
/// sending side closes and the client's end is awaited). It stops when the client's side ends,
/// on abort, or when its session stops; <paramref name="ended"/> completes then, which lets
/// Kestrel's handler of the connection return.
/// </remarks>
public sealed class ChannelConnection : ReceiveActor
{
    /// <summary>Start reading for this session.</summary>
    public sealed record Register(IActorRef Session);

    /// <summary>Frames to write, in order; acknowledged with <see cref="WriteAck"/> when asked.</summary>
    public sealed record Write(ByteString Frames, bool Acknowledge);

    public sealed class Close
    {
        public static readonly Close Instance = new();
        private Close() { }
    }

    public sealed class Abort
    {
        public static readonly Abort Instance = new();
        private Abort() { }
    }

    private sealed record Written(List<IActorRef> Acknowledge, long Bytes);
    private sealed record ChannelFailed(string Reason);
    private sealed record ReadEnded(string Detail);

    private readonly IFrameChannel _channel;
    private readonly long _maxPendingBytes;
    private readonly TaskCompletionSource _ended;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(ByteString Frames, IActorRef Sender, bool Acknowledge)> _queued = new();
    private long _pendingBytes;
    private bool _writing;
    private IActorRef _session = ActorRefs.Nobody;

    public ChannelConnection(IFrameChannel channel, long maxPendingBytes, TaskCompletionSource ended)
    {
        _channel = channel;
        _maxPendingBytes = maxPendingBytes;
        _ended = ended;
        Become(Open);
    }

    /// <param name="ended">Completed when the actor stops (the connection is over).</param>
    public static Props Props(IFrameChannel channel, long maxPendingBytes, TaskCompletionSource ended) =>
        Akka.Actor.Props.Create(() => new ChannelConnection(channel, maxPendingBytes, ended));

    /// <summary>
    /// A connection that ended cleanly (closed by either side) is left to Kestrel, which closes
    /// it in order; any other end (abort, failure, the session gone) drops it: a reset.
    /// </summary>
    protected override void PostStop()
    {
        _stopping.Cancel();
        if (!_ended.Task.IsCompleted) _channel.Abort();
        _ended.TrySetResult();
    }

    private void Open()
    {
        Receive<Register>(OnRegister);
        Receive<Write>(OnWrite);
        Receive<Close>(_ => Drain());
        Receive<Written>(written => { OnWritten(written); WriteNext(); });
        ReceiveEnding();
    }

    /// <summary>The session said close: what is queued goes out, new writes are dropped (the session is leaving).</summary>
    private void Draining()
    {
        Receive<Write>(_ => { });
        Receive<Close>(_ => { });
        Receive<Written>(written => { OnWritten(written); WriteNext(); CloseWhenDrained(); });
        ReceiveEnding();
    }

    /// <summary>The sending side is closed: the client's end of the connection is awaited.</summary>
    private void Closed()
    {
        Receive<Write>(_ => { });
        Receive<Close>(_ => { });
        ReceiveEnding();
    }

    private void ReceiveEnding()
    {
        Receive<ReadEnded>(ended => End(ended.Detail, cleanly: true));
        Receive<ChannelFailed>(failed => End("broke: " + failed.Reason, cleanly: false));
        Receive<Abort>(_ => End("aborted", cleanly: false));
        Receive<Terminated>(_ => Context.Stop(Self)); // the session is gone: nobody to serve
    }

    private void OnRegister(Register register)
    {
        if (!_session.IsNobody()) return;
        _session = register.Session;
        Context.Watch(_session);
        var self = Self;
        var session = _session;
        _channel.ReadAsync(e => session.Tell(e, self), _stopping.Token).ContinueWith(read =>
            read.IsCompletedSuccessfully ? (object)new ReadEnded(read.Result) : new ChannelFailed(Reason(read)),
            TaskScheduler.Default).PipeTo(self);
    }

    private void OnWrite(Write write)
    {
        if (_pendingBytes + write.Frames.Count > _maxPendingBytes)
        {
            Sender.Tell(WriteRefused.Instance, Self);
            return;
        }
        _pendingBytes += write.Frames.Count;
        _queued.Add((write.Frames, Sender, write.Acknowledge));
        WriteNext();
    }

    private void WriteNext()
    {
        if (_writing || _queued.Count == 0) return;
        var frames = new List<ByteString>(_queued.Count);
        var acknowledge = new List<IActorRef>();
        long bytes = 0;
        foreach (var (data, sender, ack) in _queued)
        {
            frames.Add(data);
            bytes += data.Count;
            if (ack) acknowledge.Add(sender);
        }
        _queued.Clear();
        _writing = true;
        _channel.WriteAsync(frames, _stopping.Token).ContinueWith(write =>
            write.IsCompletedSuccessfully ? (object)new Written(acknowledge, bytes) : new ChannelFailed(Reason(write)),
            TaskScheduler.Default).PipeTo(Self);
    }

    private void OnWritten(Written written)
    {
        _writing = false;
        _pendingBytes -= written.Bytes;
        foreach (var sender in written.Acknowledge) sender.Tell(WriteAck.Instance, Self);
    }

    private void Drain()
    {
        Become(Draining);
        CloseWhenDrained();
    }

    /// <summary>Nothing left to write: close the sending side; that ends the connection, or the client's end of the read does.</summary>
    private void CloseWhenDrained()
    {
        if (_writing || _queued.Count > 0) return;
        Become(Closed);
        var self = Self;
        _channel.CloseAsync(_stopping.Token).ContinueWith(close =>
        {
            if (!close.IsCompletedSuccessfully) self.Tell(new ChannelFailed(Reason(close)));
            else if (close.Result) self.Tell(new ReadEnded("closed"));
        }, TaskScheduler.Default);
    }

    private static string Reason(Task task) => task.Exception?.GetBaseException().Message ?? "cancelled";

    private void End(string detail, bool cleanly)
    {
        Context.GetLogger().Debug("connection ended: {0}", detail);
        _session.Tell(new ConnectionEnded(detail), Self);
        if (cleanly) _ended.TrySetResult(); // before the stop: nothing to abort
        Context.Stop(Self);
    }
}
