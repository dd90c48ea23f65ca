using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>
/// Fetches what one direct conversation said while the client was away, with
/// <c>{"type":"history","with":PEER}</c> (an account's privilege): everything after the last id
/// seen for the pair, at most <see cref="MaxPages"/> pages back.
/// </summary>
/// <remarks>
/// A conversation of this run in which nothing was seen yet (only a line of ours was sent, and the
/// connection broke before its copy came back) has no last id: one page is fetched, and what
/// counts as missed starts at our own newest message with the text of such a line. Without one,
/// nothing is shown: older messages of the pair belong to earlier runs, not to this gap.
/// </remarks>
public sealed class DirectCatchUp : ConversationCatchUp
{
    /// <summary>The first page, when a last id is known: most gaps are short.</summary>
    public const int FirstPageSize = 50;

    /// <summary>How far back a catch-up goes: 50 + 9 × 200 messages.</summary>
    public const int MaxPages = 10;

    private readonly IReadOnlyCollection<string> _sentTexts;
    private readonly string _myKey;

    /// <param name="peer">The other user.</param>
    /// <param name="lastSeenId">The last id seen for the pair in this run; 0 when none.</param>
    /// <param name="sentTexts">Texts of our lines to <paramref name="peer"/> sent but not confirmed.</param>
    /// <param name="myName">Our own name, to tell our messages.</param>
    public DirectCatchUp(string peer, long lastSeenId, IReadOnlyCollection<string> sentTexts, string myName)
        : base(ConversationState.DirectKey(peer), lastSeenId, lastSeenId == 0 ? PageSize : FirstPageSize)
    {
        Peer = peer;
        _sentTexts = sentTexts;
        _myKey = NameRules.Key(myName);
    }

    public string Peer { get; }

    /// <summary>The catch-up stopped at <see cref="MaxPages"/> with the gap maybe still open: older missed messages were not fetched.</summary>
    public bool StoppedShort { get; private set; }

    /// <summary>The request for the newest page, to start with (its <c>Id</c> left to the caller).</summary>
    public DirectHistoryRequest FirstRequest => new(Peer, Limit: LastSeenId == 0 ? PageSize : FirstPageSize);

    protected override ClientRequest PageBefore(long before) => new DirectHistoryRequest(Peer, Before: before, Limit: PageSize);

    protected override bool MayPageBack()
    {
        if (LastSeenId == 0) return false;
        if (Pages < MaxPages) return true;
        StoppedShort = true;
        return false;
    }

    protected override long FloorOf(IReadOnlyList<ChatMessage> page)
    {
        if (LastSeenId > 0) return LastSeenId;
        var ours = page.Where(m => NameRules.Key(m.From) == _myKey).ToList();
        var starts = _sentTexts
            .Select(text => ours.LastOrDefault(m => m.Text == text)?.Id)
            .OfType<long>()
            .ToList();
        return starts.Count == 0 ? long.MaxValue : starts.Min() - 1;
    }
}
