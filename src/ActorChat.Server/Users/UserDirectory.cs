using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using ActorChat.Server.Accounts;
using ActorChat.Server.Delivery;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Storage;
using Akka.Actor;

namespace ActorChat.Server.Users;

/// <summary>
/// Who is logged in: grants unique names (guests', and accounts' once their
/// <see cref="AccountDesk"/>, a child, has checked them: <see cref="NameClaims{THolder}"/> decides),
/// replaces a connection whose account logs in elsewhere, and carries direct messages between
/// sessions. A session's name is freed when it says so or when it stops (watched). Each pair's
/// stored conversation runs while the pair is talking and stops when it has been quiet, or
/// when one of the two leaves (it cannot carry a message until that user is back).
/// </summary>
/// <remarks>
/// In a cluster the directory is a singleton: one for all nodes, so names are unique across the
/// cluster and direct messages reach users on any node. When it moves (its node left or was
/// lost), the new incarnation starts empty: for <c>recovery</c> it takes only
/// <see cref="ReclaimName"/> from the sessions that hold names, and holds new claims back (stashed),
/// so that nobody is given a name somebody still holds. States (Become): Recovering → Serving.
/// </remarks>
public sealed class UserDirectory : ReceiveActor, IWithStash, IWithTimers
{
    private sealed class RecoveryOver
    {
        public static readonly RecoveryOver Instance = new();
    }

    private readonly NameClaims<IActorRef> _claims = new();
    private readonly AccountServices _accounts;
    private IActorRef _desk = ActorRefs.Nobody;
    private readonly DirectConversations _conversations;
    private readonly ServerLimits _limits;

    private readonly TimeSpan _recovery;

    public UserDirectory(ServerLimits limits, AccountServices accounts, TimeSpan conversationIdle, MessageStorage storage, TimeSpan recovery)
    {
        _accounts = accounts;
        _limits = limits;
        _conversations = new DirectConversations(Context, limits, conversationIdle, storage);
        _recovery = recovery;
        if (recovery > TimeSpan.Zero) Become(Recovering);
        else Become(Serving);
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    private NameRegistry<IActorRef> Names => _claims.Names;

    protected override void PreStart()
    {
        _desk = Context.ActorOf(AccountDesk.Props(_limits, _accounts), "accounts");
        if (_recovery > TimeSpan.Zero) Timers.StartSingleTimer(RecoveryOver.Instance, RecoveryOver.Instance, _recovery);
    }

    /// <summary>Names come back from the sessions that hold them; new claims wait.</summary>
    private void Recovering()
    {
        Receive<ReclaimName>(OnReclaim);
        Receive<ClaimName>(_ => Stash.Stash());
        Receive<RecoveryOver>(_ =>
        {
            Become(Serving);
            Stash.UnstashAll();
        });
        ReceiveCommon();
    }

    private void Serving()
    {
        Receive<ClaimName>(OnClaim);
        Receive<ReclaimName>(OnReclaim);
        ReceiveCommon();
    }

    /// <summary>Account work goes on in both states: the claims it answers were admitted before.</summary>
    private void ReceiveAccounts()
    {
        Receive<ClaimChecked>(OnClaimChecked);
        Receive<RegisterHeldName>(register => ForHolder(name => _desk.Tell(new CheckHeldRegistration(Sender, name, register))));
        Receive<HeldNameRegistered>(OnHeldNameRegistered);
        Receive<ChangePassword>(change => ForHolder(name => _desk.Tell(new CheckPasswordChange(Sender, name, change))));
        Receive<DirectHistoryQuery>(query => ForHolder(name => _conversations.ReadHistory(name, query, Sender)));
    }

    private void ReceiveCommon()
    {
        ReceiveAccounts();
        Receive<ReleaseName>(_ => Release(Sender));
        Receive<Terminated>(OnTerminated);
        Receive<SendDirect>(OnSendDirect);
        Receive<GetUserCount>(_ => Sender.Tell(Names.Count));
        Receive<GetConversationCount>(_ => Sender.Tell(_conversations.Count));
        Receive<DirectConversation.Idle>(idle => _conversations.Idle(idle, Sender));
        Receive<DirectConversation.Post>(post => _conversations.Post(post, Sender));
    }

    /// <param name="conversationIdle">A conversation quiet for this long stops (and frees its memory).</param>
    /// <param name="recovery">How long a new incarnation takes back held names before new claims (0: none, a single node's directory).</param>
    /// <param name="accounts">The accounts and their hashing (the desk's).</param>
    public static Props Props(ServerLimits limits, MessageStorage storage, AccountServices accounts, TimeSpan? conversationIdle = null, TimeSpan? recovery = null) =>
        Akka.Actor.Props.Create(() => new UserDirectory(limits, accounts, conversationIdle ?? TimeSpan.FromMinutes(2), storage, recovery ?? TimeSpan.Zero));

    /// <summary>A fault in a child drops the message and keeps the child's state (<see cref="Supervision"/>).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Supervision.ResumeOnFault();

    /// <summary>A name granted by an earlier incarnation (its account checked then): its holder keeps it, unless somebody else has it by now.</summary>
    private void OnReclaim(ReclaimName reclaim)
    {
        if (!Names.TryClaim(reclaim.Name, Sender))
        {
            Sender.Tell(NameClaims<IActorRef>.Taken(reclaim.Name));
            return;
        }
        Context.Watch(Sender);
        Sender.Tell(new NameClaimed(reclaim.Name));
    }

    /// <summary>A claim is admitted (or refused at once: the name is in use), then checked by the desk.</summary>
    private void OnClaim(ClaimName claim)
    {
        if (_claims.Admit(claim, Sender) is { } refused) Sender.Tell(refused);
        else _desk.Tell(new CheckClaim(Sender, claim.Name, claim.Kind, claim.Password, claim.Address));
    }

    private void OnClaimChecked(ClaimChecked check)
    {
        switch (_claims.Decide(check.Session, check.Name, check.Kind, check.Refusal))
        {
            case ClaimDecision<IActorRef>.Refused refused:
                check.Session.Tell(refused.Refusal);
                break;
            case ClaimDecision<IActorRef>.Granted granted:
                if (granted.Replaced is { } old)
                {
                    // The account logged in elsewhere: its old connection goes (its conversations carry on with the new one).
                    Context.Unwatch(old);
                    old.Tell(Replaced.Instance);
                }
                Context.Watch(check.Session);
                check.Session.Tell(new NameClaimed(granted.Name, granted.Account, TookOver: granted.Replaced is not null));
                break;
        }
    }

    private void OnHeldNameRegistered(HeldNameRegistered registered)
    {
        _claims.Registered(registered.Name);
        registered.Session.Tell(new AccountRequestDone(registered.Ref, AccountCreated: true));
    }

    /// <summary>Runs <paramref name="handle"/> with the sender's name; a sender that holds none is gone or never logged in (nobody to answer).</summary>
    private void ForHolder(Action<string> handle)
    {
        if (Names.NameOf(Sender) is { } name) handle(name);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (Names.NameOf(terminated.ActorRef) is not null) Release(terminated.ActorRef); // a session ended (the common case)
        else _conversations.Terminated(terminated.ActorRef);
    }

    private void Release(IActorRef session)
    {
        if (Names.NameOf(session) is not { } name) return;
        Names.Release(session);
        Context.Unwatch(session);
        _conversations.StopAllOf(name);
    }

    /// <summary>
    /// <c>{"type":"dm","to":N,"text":T}</c> → stored by the pair's conversation → a <c>message</c>
    /// with <c>to</c> and <c>from</c>, to the recipient and (with ref) to the sender.
    /// </summary>
    private void OnSendDirect(SendDirect dm)
    {
        var from = Names.NameOf(Sender);
        if (from is null) return; // the sender is gone or never logged in; nobody to answer
        if (!Names.TryFind(dm.To, out var recipient, out var to))
        {
            Sender.Tell(Deliver.Of(new ErrorEvent(ErrorCodes.NoSuchUser, $"no user named {dm.To} is logged in") { Ref = dm.Ref }));
            return;
        }

        _conversations.Post(new DirectConversation.Post(from, to, dm.Text, dm.Ref, recipient), Sender);
    }
}
