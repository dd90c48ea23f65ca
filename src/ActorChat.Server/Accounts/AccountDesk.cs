using ActorChat.Messages;
using ActorChat.Messages.Rules;
using ActorChat.Server.Users;
using Akka.Actor;
using Akka.Event;

namespace ActorChat.Server.Accounts;

/// <summary>
/// Checks what needs an account, for the user directory it is a child of (so, in a cluster, in
/// the one place the directory runs): guest names against the registered ones, passwords,
/// new accounts, password changes. The store and the hashes run off this actor
/// (<see cref="AccountChecks"/>); it counts failed attempts (<see cref="LoginAttempts"/>) and
/// holds every refusal until <see cref="ServerLimits.LoginRefusalDelay"/> after its request
/// arrived (<see cref="PacedReplies{TReply}"/>), so a refusal takes the same time whatever the
/// name. Claims are answered to the directory; password changes and registrations of a held
/// name straight to their session.
/// </summary>
public sealed class AccountDesk : ReceiveActor, IWithTimers
{
    /// <summary>A reply and where it goes.</summary>
    private sealed record Reply(IActorRef To, object Message);

    private sealed record CheckDone(long Request, object Check, CheckOutcome? Outcome, Exception? Failure);

    private sealed record PaceOver(long Request);

    private readonly AccountChecks _checks;
    private readonly LoginAttempts _attempts;
    private readonly TimeSpan _delay;
    private readonly PacedReplies<Reply> _paced = new();
    private long _requests;

    public AccountDesk(ServerLimits limits, AccountServices services)
    {
        _checks = new AccountChecks(services, limits.Clock);
        _attempts = new LoginAttempts(limits.LoginAttempts, limits.Clock);
        _delay = limits.LoginRefusalDelay;
        Receive<CheckClaim>(OnCheckClaim);
        Receive<CheckHeldRegistration>(OnCheckHeldRegistration);
        Receive<CheckPasswordChange>(OnCheckPasswordChange);
        Receive<CheckDone>(OnCheckDone);
        Receive<PaceOver>(over => Send(_paced.TimeUp(over.Request)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ServerLimits limits, AccountServices services) =>
        Akka.Actor.Props.Create(() => new AccountDesk(limits, services));

    private void OnCheckClaim(CheckClaim claim)
    {
        var request = Begin();
        if (claim.Kind == ClaimKind.Password && Locked(claim.Name, claim.Address) is { } locked)
        {
            Refuse(request, new Reply(Context.Parent, new ClaimChecked(claim.Session, claim.Name, claim.Kind, locked)));
            return;
        }
        Run(request, claim, claim.Kind switch
        {
            ClaimKind.Guest => _checks.Guest(claim.Name),
            ClaimKind.Password => _checks.Login(claim.Name, claim.Password!),
            _ => _checks.Register(claim.Name, claim.Password!),
        });
    }

    private void OnCheckHeldRegistration(CheckHeldRegistration check) =>
        Run(Begin(), check, _checks.Register(check.Name, check.Request.Password));

    private void OnCheckPasswordChange(CheckPasswordChange check)
    {
        var request = Begin();
        if (Locked(check.Name, check.Request.Address) is { } locked)
        {
            Refuse(request, new Reply(check.Session, new AccountRequestRefused(new ProtocolError(locked.Code, locked.Message, check.Request.Ref), locked.RetryAfter)));
            return;
        }
        Run(request, check, _checks.ChangePassword(check.Name, check.Request.Old, check.Request.New));
    }

    private void OnCheckDone(CheckDone done)
    {
        var refusal = done.Failure is { } failure ? Unavailable(failure) : RefusalFor(done.Check, done.Outcome!.Value);
        var reply = done.Check switch
        {
            CheckClaim claim => new Reply(Context.Parent, new ClaimChecked(claim.Session, claim.Name, claim.Kind, refusal)),
            CheckHeldRegistration held => refusal is null
                ? new Reply(Context.Parent, new HeldNameRegistered(held.Session, held.Name, held.Request.Ref))
                : new Reply(held.Session, new AccountRequestRefused(new ProtocolError(refusal.Code, refusal.Message, held.Request.Ref), refusal.RetryAfter)),
            CheckPasswordChange change => refusal is null
                ? new Reply(change.Session, new AccountRequestDone(change.Request.Ref, AccountCreated: false))
                : new Reply(change.Session, new AccountRequestRefused(new ProtocolError(refusal.Code, refusal.Message, change.Request.Ref), refusal.RetryAfter)),
            _ => throw new InvalidOperationException("unknown check " + done.Check.GetType().Name),
        };
        // A store or queue failure is not a refusal of the name: it goes at once, like a success.
        if (refusal is null || done.Failure is not null) Succeed(done.Request, reply);
        else Refuse(done.Request, reply);
    }

    /// <summary>What a check's outcome means for the client; failed passwords are counted here.</summary>
    private NameRefused? RefusalFor(object check, CheckOutcome outcome)
    {
        switch (check, outcome)
        {
            case (CheckClaim { Kind: ClaimKind.Guest } claim, CheckOutcome.Registered):
                return NameClaims<IActorRef>.PasswordRequired(claim.Name);
            case (CheckClaim claim, CheckOutcome.Verified):
                _attempts.Succeeded(NameRules.Key(claim.Name));
                return null;
            case (CheckClaim claim, CheckOutcome.WrongPassword):
                _attempts.Failed(NameRules.Key(claim.Name), claim.Address);
                return BadPassword;
            case (CheckPasswordChange change, CheckOutcome.WrongPassword):
                _attempts.Failed(NameRules.Key(change.Name), change.Request.Address);
                return new(ErrorCodes.BadPassword, "the old password is wrong");
            case (CheckClaim claim, CheckOutcome.Registered):
                return new(ErrorCodes.NameTaken, $"the name {claim.Name} is already registered");
            case (CheckHeldRegistration held, CheckOutcome.Registered):
                return new(ErrorCodes.NameTaken, $"the name {held.Name} is already registered");
            default:
                return null; // NoAccount for a guest, Done for a registration or a change
        }
    }

    private static readonly NameRefused BadPassword = new(ErrorCodes.BadPassword, "wrong name or password");

    private NameRefused? Locked(string name, string address) =>
        _attempts.RetryAfter(NameRules.Key(name), address) is { } seconds
            ? new NameRefused(ErrorCodes.TooManyAttempts, $"too many failed attempts; try again in {seconds} s", seconds)
            : null;

    private NameRefused Unavailable(Exception failure)
    {
        if (failure is QueueFullException) return new(ErrorCodes.Unavailable, "the server is busy checking passwords; try again shortly");
        Context.GetLogger().Warning("an account check failed: {0}", failure.GetBaseException().Message);
        return new(ErrorCodes.Unavailable, "accounts cannot be reached now; try again later");
    }

    // ---- pacing ---------------------------------------------------------------------

    /// <summary>A new request: its refusal may not go before the delay is up.</summary>
    private long Begin()
    {
        var request = ++_requests;
        if (_delay <= TimeSpan.Zero) return request;
        _paced.Start(request);
        Timers.StartSingleTimer(request, new PaceOver(request), _delay);
        return request;
    }

    private void Run(long request, object check, Task<CheckOutcome> work) =>
        work.PipeTo(Self, success: outcome => new CheckDone(request, check, outcome, null), failure: e => new CheckDone(request, check, null, e));

    private void Refuse(long request, Reply reply) => Send(_paced.Refuse(request, reply));

    private void Succeed(long request, Reply reply)
    {
        _paced.Cancel(request);
        Timers.Cancel(request);
        Send(reply);
    }

    private static void Send(Reply? reply) => reply?.To.Tell(reply.Message);
}
