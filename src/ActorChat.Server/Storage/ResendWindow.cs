using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Server.Storage;

/// <summary>
/// "Re-sending is safe" (protocol version 2), without actors: the posts of one conversation that
/// carried an <c>id</c>, for <see cref="ServerLimits.ResendWindow"/>. A post sent again by the same
/// user with the same <c>id</c> and text within that time is the same message: it is not stored
/// again. Posts that carry no id, or come back with other text, are new. Filled from the store
/// when the conversation starts (<see cref="ConversationTail.Resendable"/>), so it holds across
/// restarts and across nodes; bounded by <see cref="ServerLimits.ResendCapacity"/> (oldest first out).
/// </summary>
/// <typeparam name="TWaiter">Who waits for the answer to a re-send of a message not yet stored (an actor ref in the server).</typeparam>
public sealed class ResendWindow<TWaiter>
{
    private List<(ChatMessage Message, TWaiter Waiter, RequestRef Ref)>? _waiting;

    private readonly Dictionary<(string FromKey, string Token), ChatMessage> _byRef = new();
    private readonly Queue<(string FromKey, string Token, long Id, DateTime Time)> _order = new();
    private readonly TimeSpan _window;
    private readonly int _capacity;

    public ResendWindow(TimeSpan window, int capacity)
    {
        _window = window;
        _capacity = capacity;
    }

    public int Count => _byRef.Count;

    /// <summary>
    /// True when the post is a re-send (same sender, id and text, within the window): it is not stored
    /// again. <paramref name="answerNow"/> is the message it already is, when that is stored
    /// (id up to <paramref name="lastStoredId"/>), to answer the sender with now; null when the first is
    /// still on its way to the store: then <paramref name="waiter"/> is answered from <see cref="TakeStored"/>
    /// or <see cref="TakeFailed"/>, like the first.
    /// </summary>
    public bool IsResend(string from, RequestRef? reference, string text, DateTime now, long lastStoredId, TWaiter waiter, out ChatMessage? answerNow)
    {
        answerNow = null;
        if (Find(from, reference, text, now) is not { } earlier) return false;
        if (earlier.Id <= lastStoredId) answerNow = earlier;
        else Wait(earlier, waiter, reference!);
        return true;
    }

    /// <summary>The message a post with this id already is, if it is a re-send (same sender, same text, within the window).</summary>
    public ChatMessage? Find(string from, RequestRef? reference, string text, DateTime now)
    {
        if (reference is null || _window <= TimeSpan.Zero) return null;
        Expire(now);
        return _byRef.TryGetValue((NameRules.Key(from), reference.ToToken()), out var message) && message.Text == text ? message : null;
    }

    /// <summary>A post with an id was given <paramref name="message"/> (stored or on its way to the store).</summary>
    public void Add(ChatMessage message, RequestRef? reference) => Add(message, reference?.ToToken());

    /// <summary>From the store: a message and the id token its post carried.</summary>
    public void Add(ChatMessage message, string? token)
    {
        if (token is null || _window <= TimeSpan.Zero || _capacity <= 0) return;
        var key = (NameRules.Key(message.From), token);
        _byRef[key] = message;
        _order.Enqueue((key.Item1, token, message.Id, message.Time));
        while (_order.Count > _capacity) Forget(_order.Dequeue());
    }

    /// <summary>The store refused the message: a re-send is a new post.</summary>
    public void Remove(ChatMessage message, RequestRef? reference)
    {
        if (reference is null) return;
        var key = (NameRules.Key(message.From), reference.ToToken());
        if (_byRef.TryGetValue(key, out var held) && held.Id == message.Id) _byRef.Remove(key);
    }

    /// <summary>A re-send of <paramref name="message"/>, which is on its way to the store: answered when the store answers.</summary>
    private void Wait(ChatMessage message, TWaiter waiter, RequestRef reference) => (_waiting ??= []).Add((message, waiter, reference));

    /// <summary>The re-sends waiting for messages up to <paramref name="upToId"/>, now stored.</summary>
    public List<(ChatMessage Message, TWaiter Waiter, RequestRef Ref)> TakeStored(long upToId) => Take(m => m.Id <= upToId);

    /// <summary>The re-sends waiting for messages the store refused.</summary>
    public List<(ChatMessage Message, TWaiter Waiter, RequestRef Ref)> TakeFailed(IReadOnlyCollection<long> ids) => Take(m => ids.Contains(m.Id));

    private List<(ChatMessage Message, TWaiter Waiter, RequestRef Ref)> Take(Func<ChatMessage, bool> answered)
    {
        if (_waiting is null) return [];
        var taken = _waiting.Where(w => answered(w.Message)).ToList();
        if (taken.Count == 0) return taken;
        _waiting.RemoveAll(w => answered(w.Message));
        if (_waiting.Count == 0) _waiting = null;
        return taken;
    }

    private void Expire(DateTime now)
    {
        while (_order.TryPeek(out var oldest) && now - oldest.Time > _window) Forget(_order.Dequeue());
    }

    private void Forget((string FromKey, string Token, long Id, DateTime Time) entry)
    {
        if (_byRef.TryGetValue((entry.FromKey, entry.Token), out var held) && held.Id == entry.Id) _byRef.Remove((entry.FromKey, entry.Token));
    }
}
