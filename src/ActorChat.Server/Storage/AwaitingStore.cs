namespace ActorChat.Server.Storage;

/// <summary>
/// A conversation's messages sent to the store and not yet confirmed, in id order, each with
/// what it needs once confirmed (who posted it, the request's ref). Without actors.
/// </summary>
/// <typeparam name="T">What waits with each message.</typeparam>
public sealed class AwaitingStore<T>
{
    private readonly Queue<(long Id, T Item)> _waiting = new();

    public int Count => _waiting.Count;

    public bool IsEmpty => _waiting.Count == 0;

    /// <summary>Ids are added in increasing order.</summary>
    public void Add(long id, T item) => _waiting.Enqueue((id, item));

    /// <summary>Everything up to <paramref name="upToId"/>, now stored, oldest first (failed ids already taken out).</summary>
    public IEnumerable<T> TakeStored(long upToId)
    {
        while (_waiting.TryPeek(out var head) && head.Id <= upToId)
        {
            _waiting.Dequeue();
            yield return head.Item;
        }
    }

    /// <summary>Takes out the messages of <paramref name="ids"/>, which will never be stored.</summary>
    public IReadOnlyList<T> TakeFailed(IReadOnlyCollection<long> ids)
    {
        var failed = new List<T>();
        var count = _waiting.Count;
        for (var i = 0; i < count; i++)
        {
            var entry = _waiting.Dequeue();
            if (ids.Contains(entry.Id)) failed.Add(entry.Item);
            else _waiting.Enqueue(entry);
        }
        return failed;
    }
}
