using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>
/// The client's memory of its conversations, kept across reconnects: every room and direct
/// conversation with its last seen message id, unread count and members; which one is in
/// front; and the lines typed but not yet confirmed by the server.
/// </summary>
/// <remarks>
/// A message is identified by its conversation and id, so one that arrives twice (live and
/// again in the history fetched after a reconnect) is shown once.
/// Plain data, no actors or I/O, so the reconnect rules can be unit-tested.
/// </remarks>
public sealed class ConversationState
{
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly List<PendingLine> _pending = [];
    private readonly string _run;
    private long _pendingCount;

    /// <param name="run">
    /// Sets this client run's ids apart from every other run's: the server takes a post re-sent
    /// with the same id and text within 10 minutes for the same message ("Re-sending is safe"), so
    /// ids must not repeat across runs. By default 8 random hex digits.
    /// </param>
    /// <param name="clock">When lines are sent (for <see cref="DueForResend"/>); the system clock by default.</param>
    public ConversationState(string? run = null, TimeProvider? clock = null)
    {
        _run = run ?? Guid.NewGuid().ToString("N")[..8];
        _clock = clock ?? TimeProvider.System;
    }

    private readonly TimeProvider _clock;

    /// <summary>The line is written to the connection now.</summary>
    public void MarkSent(PendingLine line)
    {
        line.Sent = true;
        line.SentAt = _clock.GetUtcNow();
    }

    /// <summary>The conversation in front (its unread count stays 0); null before any.</summary>
    public string? CurrentKey { get; private set; }

    public Conversation? Current => CurrentKey is null ? null : _conversations.GetValueOrDefault(CurrentKey);

    /// <summary>Every conversation, rooms first, in the order they were opened.</summary>
    public IReadOnlyList<Conversation> All => [.. _conversations.Values.OrderBy(c => c.IsDirect)];

    /// <summary>Lines waiting for the server's copy, oldest first.</summary>
    public IReadOnlyList<PendingLine> Pending => _pending;

    public static string RoomKey(string room) => "#" + NameRules.Key(room);

    public static string DirectKey(string peer) => "@" + NameRules.Key(peer);

    public Conversation? Find(string key) => _conversations.GetValueOrDefault(key);

    /// <summary>A conversation by the name the user typed: a room first, then a direct peer.</summary>
    public Conversation? FindByName(string name) => Find(RoomKey(name)) ?? Find(DirectKey(name));

    public Conversation Room(string room) => Open(RoomKey(room), room, isDirect: false);

    public Conversation Direct(string peer) => Open(DirectKey(peer), peer, isDirect: true);

    /// <summary>Brings a conversation to the front and clears its unread count.</summary>
    public void SwitchTo(string key)
    {
        if (!_conversations.TryGetValue(key, out var conversation)) return;
        CurrentKey = key;
        conversation.Unread = 0;
    }

    /// <summary>The conversation a message belongs to, seen from <paramref name="myName"/>.</summary>
    public Conversation ConversationOf(ChatMessage message, string myName)
    {
        if (!message.IsDirect) return Room(message.Room ?? ProtocolInfo.Lobby);
        var fromMe = NameRules.Key(message.From) == NameRules.Key(myName);
        return Direct(fromMe ? message.To! : message.From);
    }

    /// <summary>
    /// A message arrived (live, in a history, or in a catch-up). Returns false for a duplicate,
    /// which must not be shown again; otherwise records it, counts it as unread when its
    /// conversation is not in front, and settles the pending line it confirms.
    /// </summary>
    public bool Accept(ChatMessage message, string myName, bool countUnread = true)
    {
        if (message.Ref is { } reference) Acknowledge(reference);
        var conversation = ConversationOf(message, myName);
        if (!conversation.MarkSeen(message.Id)) return false;
        if (countUnread && conversation.Key != CurrentKey) conversation.Unread++;
        return true;
    }

    /// <summary>Remembers a typed say or dm under a fresh id until the server confirms it.</summary>
    public PendingLine AddPending(ClientRequest request)
    {
        var reference = RequestRef.Of($"m-{_run}-{++_pendingCount}");
        var key = request switch
        {
            SayRequest say => Room(say.Room).Key,
            DmRequest dm => Direct(dm.To).Key,
            _ => throw new ArgumentException("only say and dm are kept pending", nameof(request)),
        };
        var line = new PendingLine(reference, key, request with { Id = reference });
        _pending.Add(line);
        return line;
    }

    /// <summary>Every pending line is about to go out (the connection is back and caught up): returns their requests, oldest first.</summary>
    public IReadOnlyList<ClientRequest> SendAllPending()
    {
        foreach (var line in _pending) MarkSent(line);
        return [.. _pending.Select(p => p.Request)];
    }

    /// <summary>
    /// Lines sent at least <paramref name="after"/> ago and still not answered: their answer was
    /// lost (the room's cluster node went down with the line). Returned to be sent again with the
    /// same id, which the server stores once ("Re-sending is safe"); each is due again only
    /// <paramref name="after"/> later.
    /// </summary>
    public IReadOnlyList<ClientRequest> DueForResend(TimeSpan after)
    {
        var now = _clock.GetUtcNow();
        var due = _pending.Where(p => p.Sent && p.SentAt is { } at && now - at >= after).ToList();
        foreach (var line in due) line.SentAt = now;
        return [.. due.Select(p => p.Request)];
    }

    /// <summary>The server confirmed (or refused) the request with this ref: it is no longer pending.</summary>
    public PendingLine? Acknowledge(RequestRef reference)
    {
        var index = _pending.FindIndex(p => p.Ref == reference);
        if (index < 0) return null;
        var line = _pending[index];
        _pending.RemoveAt(index);
        return line;
    }

    /// <summary>
    /// After a reconnect: a line sent on the broken connection may have been stored before it
    /// broke. If the catch-up of its room holds a message of ours with the same text that was
    /// not seen before, that was it, so it is settled rather than sent twice.
    /// </summary>
    public IReadOnlyList<PendingLine> SettleFromCatchUp(string room, IReadOnlyList<ChatMessage> missed, string myName) =>
        [.. Settle(RoomKey(room), missed, myName).Select(settled => settled.Line)];

    /// <summary>
    /// <see cref="SettleFromCatchUp"/> for any conversation (a room, or a direct conversation whose
    /// missed messages came from its direct-message history): each settled line with the stored
    /// message it turned out to be, oldest first.
    /// </summary>
    public IReadOnlyList<(PendingLine Line, ChatMessage Message)> Settle(string conversationKey, IReadOnlyList<ChatMessage> missed, string myName)
    {
        var settled = new List<(PendingLine, ChatMessage)>();
        foreach (var message in missed.Where(m => NameRules.Key(m.From) == NameRules.Key(myName)))
        {
            var match = _pending.FirstOrDefault(p => p.Sent && p.ConversationKey == conversationKey && p.Text == message.Text);
            if (match is null) continue;
            _pending.Remove(match);
            settled.Add((match, message));
        }
        return settled;
    }

    /// <summary>A room we left: its view stays (its messages are still worth reading) but it is no longer in front.</summary>
    public void Close(string key)
    {
        if (CurrentKey != key) return;
        CurrentKey = _conversations.Keys.FirstOrDefault(k => k != key);
    }

    /// <summary>Unread counts of the conversations not in front, for the status line.</summary>
    public IReadOnlyList<(string Name, int Unread)> UnreadElsewhere() =>
        [.. All.Where(c => c.Key != CurrentKey && c.Unread > 0).Select(c => (c.IsDirect ? "@" + c.Name : c.Name, c.Unread))];

    private Conversation Open(string key, string name, bool isDirect)
    {
        if (_conversations.TryGetValue(key, out var existing))
        {
            existing.Name = name;
            return existing;
        }
        var conversation = new Conversation(key, name, isDirect);
        _conversations[key] = conversation;
        CurrentKey ??= key;
        return conversation;
    }
}
