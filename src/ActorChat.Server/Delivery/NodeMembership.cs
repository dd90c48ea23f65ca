namespace ActorChat.Server.Delivery;

/// <summary>
/// Who on one node is in which room, and which incarnation of the room they are in, without
/// actors: the book a <see cref="NodeFanout"/> keeps. A room's incarnation tells the node of each
/// member it adds or removes; when an incarnation ends, its members here are told to restore
/// themselves into the next one, with the last message it sent them.
/// </summary>
/// <typeparam name="TRef">How sessions and room incarnations are addressed (actor refs in the server).</typeparam>
public sealed class NodeMembership<TRef> where TRef : notnull
{
    private sealed class RoomEntry(string name)
    {
        public string Name { get; } = name;
        public Dictionary<TRef, (MemberPort Port, TRef Incarnation)> Members { get; } = new();
    }

    private sealed class Incarnation(string roomKey)
    {
        public string RoomKey { get; } = roomKey;
        public int Members { get; set; }
        public long LastSent { get; set; }
    }

    private readonly Dictionary<string, RoomEntry> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<TRef, Incarnation> _incarnations = new();

    /// <summary>Members of one incarnation that ended: they should restore themselves into the next.</summary>
    public sealed record Ended(string RoomName, IReadOnlyList<TRef> Sessions, long? AfterId);

    public int RoomCount => _rooms.Count;

    /// <summary>Incarnations with members here (watched by the fan-out).</summary>
    public int IncarnationCount => _incarnations.Count;

    /// <summary>Records a member of <paramref name="incarnation"/>; true when that incarnation is new here (to be watched).</summary>
    public bool Add(string roomKey, string roomName, TRef session, MemberPort port, TRef incarnation)
    {
        if (!_rooms.TryGetValue(roomKey, out var entry)) _rooms[roomKey] = entry = new RoomEntry(roomName);
        var wasIn = entry.Members.TryGetValue(session, out var before);
        entry.Members[session] = (port, incarnation);
        if (wasIn)
        {
            if (before.Incarnation.Equals(incarnation)) return false;
            Forget(before.Incarnation);
        }
        var isNew = !_incarnations.TryGetValue(incarnation, out var known);
        if (isNew) _incarnations[incarnation] = known = new Incarnation(roomKey);
        known!.Members++;
        return isNew;
    }

    /// <summary>
    /// Forgets a member, when <paramref name="incarnation"/> is the one it is in; true when that
    /// incarnation has no members here any more (no longer to be watched).
    /// </summary>
    public bool Remove(string roomKey, TRef session, TRef incarnation)
    {
        if (!_rooms.TryGetValue(roomKey, out var entry)) return false;
        if (!entry.Members.TryGetValue(session, out var member) || !member.Incarnation.Equals(incarnation)) return false;
        entry.Members.Remove(session);
        if (entry.Members.Count == 0) _rooms.Remove(roomKey);
        return Forget(incarnation);
    }

    private bool Forget(TRef incarnation)
    {
        if (!_incarnations.TryGetValue(incarnation, out var known) || --known.Members > 0) return false;
        _incarnations.Remove(incarnation);
        return true;
    }

    /// <summary>The ports of the members of <paramref name="incarnation"/> of the room (those of an earlier one wait to restore themselves).</summary>
    public IEnumerable<MemberPort> MembersOf(string roomKey, TRef incarnation)
    {
        if (!_rooms.TryGetValue(roomKey, out var entry)) yield break;
        foreach (var (port, inside) in entry.Members.Values)
            if (inside.Equals(incarnation)) yield return port;
    }

    public MemberPort? PortOf(string roomKey, TRef session) =>
        _rooms.TryGetValue(roomKey, out var entry) && entry.Members.TryGetValue(session, out var member) ? member.Port : null;

    /// <summary>The incarnation sent its members here every stored message up to <paramref name="upToId"/>.</summary>
    public void Sent(TRef incarnation, long upToId)
    {
        if (upToId > 0 && _incarnations.TryGetValue(incarnation, out var known)) known.LastSent = upToId;
    }

    /// <summary>
    /// An incarnation ended (it said so, with its last id, or it terminated): its members here are
    /// forgotten and returned, to restore themselves. Nothing when it had none left here.
    /// </summary>
    public Ended? End(TRef incarnation, long? lastId = null)
    {
        if (!_incarnations.Remove(incarnation, out var known)) return null;
        if (!_rooms.TryGetValue(known.RoomKey, out var entry)) return null;
        var sessions = entry.Members.Where(m => m.Value.Incarnation.Equals(incarnation)).Select(m => m.Key).ToList();
        foreach (var session in sessions) entry.Members.Remove(session);
        if (entry.Members.Count == 0) _rooms.Remove(known.RoomKey);
        if (sessions.Count == 0) return null;
        return new Ended(entry.Name, sessions, lastId ?? (known.LastSent > 0 ? known.LastSent : null));
    }

    /// <summary>Rooms with members on this node, and how many each.</summary>
    public IEnumerable<(string RoomName, int Members)> Counts() => _rooms.Values.Select(r => (r.Name, r.Members.Count));
}
