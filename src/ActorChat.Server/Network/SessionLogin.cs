using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using ActorChat.Server.Metrics;
using ActorChat.Server.Users;
using Akka.Actor;

namespace ActorChat.Server.Network;

/// <summary>
/// Who a session is, without actors: the name it claims from the user directory (a guest's, an
/// account's, or a new account's), the name and account it holds once the directory grants it,
/// and the directory incarnation that granted it (watched: when it ends, the name is claimed
/// again from the next). Called from the session actor, which is therefore the sender of what
/// is told to the directory; the session's state (claiming or not) is the actor's.
/// </summary>
/// <param name="users">The user directory.</param>
/// <param name="address">The client's IP address: failed password attempts are counted per address.</param>
public sealed class SessionLogin(ServerLimits limits, IActorRef users, string address, ChatMetrics metrics)
{
    /// <summary>The request that claimed the name: its answer (welcome or error) carries its ref.</summary>
    private RequestRef? _loginRef;

    /// <summary>The directory incarnation that granted the name (watched).</summary>
    private IActorRef? _directory;

    /// <summary>The name the directory granted; null until it does.</summary>
    public string? Name { get; private set; }

    /// <summary>Whether the name is registered to an account (set at login, or when the guest registers it).</summary>
    public bool Account { get; private set; }

    /// <summary>
    /// Claims the name a (gate-checked) <c>login</c> asks for: a guest's without a password, an
    /// account's with one. Null when the claim is on its way; else the error to answer with
    /// (this server takes accounts only and no password came), and nothing is claimed.
    /// </summary>
    public ProtocolError? Login(LoginRequest login)
    {
        if (login.Password is null && limits.AccountsRequired)
        {
            metrics.LoginRefusedWith(ErrorCodes.AccountRequired);
            return new(ErrorCodes.AccountRequired, "this server takes accounts only: log in with a password, or register", login.Id);
        }
        var name = NameRules.Canonicalize(login.Name)!;
        Claim(login.Password is null ? ClaimName.Guest(name, address) : new ClaimName(name, ClaimKind.Password, login.Password, address), login.Id);
        return null;
    }

    /// <summary>Claims a new account's name (a gate-checked <c>register</c> before login).</summary>
    public void Register(RegisterRequest register) =>
        Claim(new ClaimName(NameRules.Canonicalize(register.Name)!, ClaimKind.Register, register.Password, address), register.Id);

    /// <summary>
    /// The directory granted the name: the session holds it (and an account, if it is one), watches
    /// <paramref name="directory"/>, and answers the login with the welcome returned.
    /// </summary>
    public WelcomeEvent Claimed(NameClaimed claimed, IActorRef directory, ICanWatch watcher)
    {
        Name = claimed.Name;
        Account = claimed.Account;
        WatchDirectory(directory, watcher);
        metrics.LoggedIn();
        metrics.Users.Add(1);
        return new WelcomeEvent(Name, ProtocolInfo.Version, ServerLimits.ServerVersion, limits.Motd) { Account = Account, Ref = _loginRef };
    }

    /// <summary>The directory refused the name: the error to answer the login with (the session may log in again).</summary>
    public ErrorEvent Refused(NameRefused refused)
    {
        metrics.LoginRefusedWith(refused.Code);
        return new ErrorEvent(refused.Code, refused.Message) { Ref = _loginRef, RetryAfter = refused.RetryAfter };
    }

    /// <summary>A directory incarnation confirmed the name (the first grant, or a reclaim from the next): it is the one watched.</summary>
    public void WatchDirectory(IActorRef directory, ICanWatch watcher)
    {
        if (directory.Equals(_directory)) return;
        if (_directory is not null) watcher.Unwatch(_directory);
        _directory = directory;
        watcher.Watch(directory);
    }

    /// <summary>A watched actor ended: when it is the directory (a cluster's singleton, its node gone), the name is claimed from the next.</summary>
    public void OnTerminated(IActorRef actor)
    {
        if (!actor.Equals(_directory)) return;
        _directory = null;
        users.Tell(new ReclaimName(Name!));
    }

    /// <summary>An account request succeeded; true when it created an account (the guest registered its name).</summary>
    public bool AccountRequestDone(AccountRequestDone done)
    {
        if (done.AccountCreated) Account = true;
        return done.AccountCreated;
    }

    /// <summary>The session is ending: the directory frees the name it holds, if any.</summary>
    public void Release()
    {
        if (Name is not null) users.Tell(ReleaseName.Instance);
    }

    /// <summary>The session stopped: a name it held no longer counts as a user.</summary>
    public void Stopped()
    {
        if (Name is not null) metrics.Users.Add(-1);
    }

    private void Claim(ClaimName claim, RequestRef? reference)
    {
        _loginRef = reference;
        users.Tell(claim);
    }
}
