namespace ActorChat.Client.Session;

/// <summary>One room or direct conversation as the client sees it: what it last saw, what is unread, who is there.</summary>
public sealed class Conversation
{
    private readonly HashSet<long> _seenIds = [];
    private readonly SortedSet<string> _members = new(StringComparer.OrdinalIgnoreCase);

    public Conversation(string key, string name, bool isDirect)
    {
        Key = key;
        Name = name;
        IsDirect = isDirect;
    }

    /// <summary>The key of <see cref="ConversationState"/>: <c>#room</c> or <c>@peer</c>, case-folded.</summary>
    public string Key { get; }

    /// <summary>The room or peer name as the server spells it.</summary>
    public string Name { get; internal set; }

    public bool IsDirect { get; }

    /// <summary>The highest message id shown here; 0 before any.</summary>
    public long LastSeenId { get; private set; }

    /// <summary>Messages that arrived while another conversation was in front.</summary>
    public int Unread { get; internal set; }

    /// <summary>Member names of a room, when known (from <c>who</c>, then kept up by <c>joined</c>/<c>left</c>).</summary>
    public IReadOnlyCollection<string> Members => _members;

    /// <summary>The member count the server last reported.</summary>
    public int MemberCount { get; internal set; }

    /// <summary>Records a message id; false when it was seen before (a duplicate to drop).</summary>
    internal bool MarkSeen(long id)
    {
        if (!_seenIds.Add(id)) return false;
        if (id > LastSeenId) LastSeenId = id;
        return true;
    }

    internal void SetMembers(IEnumerable<string> names)
    {
        _members.Clear();
        _members.UnionWith(names);
        MemberCount = _members.Count;
    }

    internal void AddMember(string name, int count)
    {
        _members.Add(name);
        MemberCount = count;
    }

    internal void RemoveMember(string name, int count)
    {
        _members.Remove(name);
        MemberCount = count;
    }
}
