using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Network;
using Akka.Actor;

namespace ActorChat.Server.Users;

/// <summary>
/// Who is logged in: grants unique names and carries direct messages between sessions.
/// A session's name is freed when it says so or when it stops (watched).
/// </summary>
public sealed class UserDirectory : ReceiveActor
{
    private readonly NameRegistry<IActorRef> _names = new();
    private readonly DirectMessageCounter _dmIds = new();
    private readonly TimeProvider _clock;

    public UserDirectory(TimeProvider clock)
    {
        _clock = clock;
        Receive<ClaimName>(OnClaim);
        Receive<ReleaseName>(_ => Release(Sender));
        Receive<Terminated>(t => Release(t.ActorRef));
        Receive<SendDirect>(OnSendDirect);
    }

    public static Props Props(TimeProvider clock) => Akka.Actor.Props.Create(() => new UserDirectory(clock));

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

    private void Release(IActorRef session)
    {
        if (_names.NameOf(session) is null) return;
        _names.Release(session);
        Context.Unwatch(session);
    }

    /// <summary>
    /// <c>{"type":"dm","to":N,"text":T}</c> → a <c>message</c> with <c>to</c> and <c>from</c>,
    /// to the recipient and (with ref) to the sender.
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

        var message = ChatMessage.Direct(_dmIds.Next(from, to), to, from, dm.Text, _clock.WireUtcNow());
        if (!recipient.Equals(Sender)) recipient.Tell(Deliver.Of(message));
        Sender.Tell(Deliver.Of(message with { Ref = dm.Ref }));
    }
}
