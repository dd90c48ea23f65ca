namespace ActorChat.Server.Accounts;

/// <summary>
/// Refusals held until a fixed time after their request arrived, so that every refusal takes the
/// same time whether the name exists, was locked, or cost a hash. Each request is started when it
/// arrives (its owner starts a timer for the delay); a refusal that comes before its time is up
/// waits, one that comes after goes at once; a success is never held (<see cref="Cancel"/>).
/// Without actors: the <see cref="AccountDesk"/> runs the timers.
/// </summary>
public sealed class PacedReplies<TReply> where TReply : class
{
    private sealed class Pending
    {
        public bool TimeIsUp;
        public TReply? Reply;
    }

    private readonly Dictionary<long, Pending> _pending = new();

    public int Count => _pending.Count;

    public void Start(long request) => _pending[request] = new Pending();

    /// <summary>The refusal of <paramref name="request"/>: returned when it may go now, else held (null) until its time is up.</summary>
    public TReply? Refuse(long request, TReply reply)
    {
        if (!_pending.TryGetValue(request, out var pending) || pending.TimeIsUp)
        {
            _pending.Remove(request);
            return reply;
        }
        pending.Reply = reply;
        return null;
    }

    /// <summary>The request's time is up: its held refusal, if one waits (else a refusal that comes later goes at once).</summary>
    public TReply? TimeUp(long request)
    {
        if (!_pending.TryGetValue(request, out var pending)) return null;
        if (pending.Reply is { } reply)
        {
            _pending.Remove(request);
            return reply;
        }
        pending.TimeIsUp = true;
        return null;
    }

    /// <summary>The request succeeded (or needs no pacing): forget it.</summary>
    public void Cancel(long request) => _pending.Remove(request);
}
