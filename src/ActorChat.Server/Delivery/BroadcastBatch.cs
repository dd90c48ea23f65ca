namespace ActorChat.Server.Delivery;

/// <summary>
/// Stored messages waiting to be broadcast together, without actors. A room adds each
/// message once it is durable and drains the batch before it sends anything else, so
/// members see exactly the order they would see message by message — only with one
/// delivery (one write to their socket) per batch instead of one per message.
/// </summary>
/// <remarks>
/// Every member gets the same bytes (encoded once), except that the sender of a message
/// gets its own copy (the one carrying its <c>ref</c>) in that message's place.
/// </remarks>
/// <typeparam name="TMember">How a member is addressed (an actor ref in the server).</typeparam>
public sealed class BroadcastBatch<TMember> where TMember : notnull
{
    private readonly List<Item> _items = new();

    private readonly record struct Item(byte[] Shared, TMember? Requester, byte[]? Own);

    public bool IsEmpty => _items.Count == 0;

    public int Count => _items.Count;

    /// <param name="shared">The message as every member receives it.</param>
    /// <param name="requester">Who posted it, when its copy differs.</param>
    /// <param name="own">The poster's copy (with its ref), or null when it is the shared one.</param>
    public void Add(byte[] shared, TMember? requester, byte[]? own)
    {
        _items.Add(new Item(shared, own is null ? default : requester, own));
    }

    /// <summary>
    /// Empties the batch into one delivery per recipient: every current member, plus a
    /// poster who is no longer a member (it still gets its own copies, its answers).
    /// <paramref name="deliver"/> is told whether the bytes are the copy every non-poster gets
    /// (the same array for all of them).
    /// </summary>
    public void Drain(IEnumerable<TMember> members, Func<TMember, bool> isMember, Action<TMember, byte[], bool> deliver)
    {
        if (_items.Count == 0) return;
        var requesters = Requesters();
        var shared = Concatenate(default, includeOthers: true);
        foreach (var member in members)
        {
            if (requesters is not null && requesters.Contains(member)) deliver(member, Concatenate(member, includeOthers: true), false);
            else deliver(member, shared, true);
        }
        if (requesters is not null)
            foreach (var requester in requesters)
                if (!isMember(requester)) deliver(requester, Concatenate(requester, includeOthers: false), false);
        _items.Clear();
    }

    private HashSet<TMember>? Requesters()
    {
        HashSet<TMember>? requesters = null;
        foreach (var item in _items)
            if (item.Own is not null) (requesters ??= new()).Add(item.Requester!);
        return requesters;
    }

    /// <summary>The batch's frames as <paramref name="recipient"/> receives them (null: the shared copy).</summary>
    private byte[] Concatenate(TMember? recipient, bool includeOthers)
    {
        if (_items.Count == 1 && recipient is null) return _items[0].Shared;
        var comparer = EqualityComparer<TMember>.Default;
        var size = 0;
        foreach (var item in _items)
        {
            var mine = recipient is not null && item.Own is not null && comparer.Equals(item.Requester, recipient);
            if (mine) size += item.Own!.Length;
            else if (includeOthers) size += item.Shared.Length;
        }

        var bytes = new byte[size];
        var offset = 0;
        foreach (var item in _items)
        {
            var mine = recipient is not null && item.Own is not null && comparer.Equals(item.Requester, recipient);
            var frame = mine ? item.Own! : includeOthers ? item.Shared : null;
            if (frame is null) continue;
            frame.CopyTo(bytes, offset);
            offset += frame.Length;
        }
        return bytes;
    }
}
