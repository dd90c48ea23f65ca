using ActorChat.Messages.Rules;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Storage;
using Akka.Actor;

namespace ActorChat.Server.Users;

/// <summary>
/// The user directory's direct conversations, one child actor per pair that is talking
/// (<see cref="DirectConversation"/>): started by a pair's first message, stopped when the pair
/// has been quiet or one of the two leaves, with what arrives for a stopping one held for its
/// next incarnation; and the pages of a pair's stored history. The directory's part of it, in a
/// class of its own; every call comes from the directory's actor.
/// </summary>
public sealed class DirectConversations(IActorContext directory, ServerLimits limits, TimeSpan conversationIdle, MessageStorage storage)
{
    private readonly ConversationTable<IActorRef> _conversations = new();
    private readonly StoppingChildren<ConversationKey> _stopping = new();
    private long _started;

    /// <summary>Running conversations, stopping ones included.</summary>
    public int Count => _conversations.Count + _stopping.Count;

    /// <summary>To the pair's conversation (started when it is not running; held while it stops).</summary>
    public void Post(DirectConversation.Post post, IActorRef sender)
    {
        var pair = ConversationKey.Pair(NameRules.Key(post.From), NameRules.Key(post.To));
        if (_stopping.TryHold(pair, post, sender)) return;
        if (!_conversations.TryGetValue(pair, out var conversation))
        {
            conversation = directory.ActorOf(DirectConversation.Props(pair, limits, conversationIdle, storage), $"dm-{++_started}");
            _conversations.Add(pair, conversation);
            directory.Watch(conversation);
        }
        conversation.Tell(post, sender);
    }

    /// <summary>A conversation was quiet for its idle time: it stops (unless it is an old incarnation).</summary>
    public void Idle(DirectConversation.Idle idle, IActorRef conversation)
    {
        if (_conversations.TryGetValue(idle.Pair, out var current) && current.Equals(conversation)) Stop(idle.Pair);
    }

    /// <summary>A user left: none of its conversations can carry a message until it is back.</summary>
    public void StopAllOf(string userName)
    {
        foreach (var pair in _conversations.PairsOf(NameRules.Key(userName))) Stop(pair);
    }

    /// <summary>True when <paramref name="actor"/> was a conversation (what waited for it goes to its next incarnation).</summary>
    public bool Terminated(IActorRef actor)
    {
        if (_stopping.TryEnd(actor, out var waiting))
        {
            foreach (var (post, sender) in waiting) Post((DirectConversation.Post)post, sender);
            return true;
        }
        // A conversation that stopped on its own (its store failed) is forgotten; the next message starts it anew.
        if (_conversations.PairOf(actor) is not { } failed) return false;
        _conversations.Remove(failed);
        return true;
    }

    /// <summary>
    /// A page of the pair's stored messages for <paramref name="name"/>, read off the actor, to
    /// <paramref name="replyTo"/>: only those since <paramref name="name"/>'s account was created
    /// (what a guest of that name said before is not its owner's).
    /// </summary>
    public void ReadHistory(string name, DirectHistoryQuery query, IActorRef replyTo)
    {
        var with = NameRules.Canonicalize(query.With)!;
        var pair = ConversationKey.Pair(NameRules.Key(name), NameRules.Key(with));
        var store = storage.Store;
        Task.Run(() => store.Accounts.Find(NameRules.Key(name)) is { } account
                ? store.ReadBefore(pair, query.Before ?? long.MaxValue, query.Limit, account.Created).Select(m => m.AsDirect()).ToList()
                : [])
            .PipeTo(replyTo, success: page => new DirectHistoryPage(with, page, query.Ref),
                failure: _ => new DirectHistoryPage(with, [], query.Ref, Failed: true));
    }

    /// <summary>Stops the pair's conversation once its writes are done; what arrives for the pair meanwhile waits for its next incarnation.</summary>
    private void Stop(ConversationKey pair)
    {
        if (!_conversations.TryGetValue(pair, out var conversation)) return;
        _conversations.Remove(pair);
        _stopping.Add(conversation, pair);
        conversation.Tell(DirectConversation.Stop.Instance);
    }
}
