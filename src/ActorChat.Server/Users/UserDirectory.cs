using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using ActorChat.Server.Network;
using ActorChat.Server.Lifecycle;
using Akka.Actor;

namespace ActorChat.Server.Users;

/// <summary>
/// Who is logged in: grants unique names and carries direct messages between sessions.
/// A session's name is freed when it says so or when it stops (watched).
/// </summary>
public sealed class UserDirectory : ReceiveActor
{
    private readonly NameRegistry<IActorRef> _names = new();
    private readonly Dictionary<string, IActorRef> _conversations = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private long _conversationsStarted;

    public UserDirectory(TimeProvider clock)
    {
        _clock = clock;
        Receive<ClaimName>(OnClaim);
        Receive<ReleaseName>(_ => Release(Sender));
        Receive<Terminated>(OnTerminated);
        Receive<SendDirect>(OnSendDirect);
        Receive<GetUserCount>(_ => Sender.Tell(_names.Count));
    }

    public static Props Props(TimeProvider clock) => Akka.Actor.Props.Create(() => new UserDirectory(clock));

    /// <summary>A fault in a child drops the message and keeps the child's state (<see cref="Supervision"/>).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Supervision.ResumeOnFault();

    private void OnClaim(ClaimName claim)
    {
        if (!_names.TryClaim(claim.Name, Sender))
        {
            Sender.Tell(new NameRefused(ErrorCodes.NameTaken, $"the name {claim.Name} is already taken"));
            return;
        }
        Context.Watch(Sender);
        Sender.Tell(new NameClaimed(claim.Name));
    }

    private void OnTerminated(Terminated terminated)
    {
        // A conversation stops only when its store failed; the next message starts it anew.
        var conversation = _conversations.FirstOrDefault(c => c.Value.Equals(terminated.ActorRef));
        if (conversation.Value is not null) _conversations.Remove(conversation.Key);
        else Release(terminated.ActorRef);
    }

    private void Release(IActorRef session)
    {
        if (_names.NameOf(session) is null) return;
        _names.Release(session);
        Context.Unwatch(session);
    }

    /// <summary>
    /// <c>{"type":"dm","to":N,"text":T}</c> → stored by the pair's conversation → a <c>message</c>
    /// with <c>to</c> and <c>from</c>, to the recipient and (with ref) to the sender.
    /// </summary>
    private void OnSendDirect(SendDirect dm)
    {
        var from = _names.NameOf(Sender);
        if (from is null) return; // the sender is gone or never logged in; nobody to answer
        if (!_names.TryFind(dm.To, out var recipient, out var to))
        {
            Sender.Tell(Deliver.Of(new ErrorEvent(ErrorCodes.NoSuchUser, $"no user named {dm.To} is logged in") { Ref = dm.Ref }));
            return;
        }

        Conversation(from, to).Forward(new DirectConversation.Post(from, to, dm.Text, dm.Ref, recipient));
    }

    private IActorRef Conversation(string a, string b)
    {
        var pair = DirectConversation.PairKey(NameRules.Key(a), NameRules.Key(b));
        if (!_conversations.TryGetValue(pair, out var conversation))
        {
            conversation = Context.ActorOf(DirectConversation.Props(pair, _clock), $"dm-{++_conversationsStarted}");
            _conversations[pair] = conversation;
            Context.Watch(conversation);
        }
        return conversation;
    }
}
