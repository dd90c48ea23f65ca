using ActorChat.Messages;
using ActorChat.Server.Users;
using Akka.Actor;

namespace ActorChat.Server.Accounts;

// Between the user directory and its account desk (both in one place: the directory's node).

/// <summary>
/// Directory → desk: check a claim of <paramref name="Name"/> (canonical) by <paramref name="Session"/>:
/// is a guest name free of an account, is the password right, can the account be created.
/// Answered with <see cref="ClaimChecked"/>.
/// </summary>
public sealed record CheckClaim(IActorRef Session, string Name, ClaimKind Kind, Password? Password, string Address);

/// <summary>Desk → directory: the outcome of a <see cref="CheckClaim"/>; <paramref name="Refusal"/> null when the name may be granted.</summary>
public sealed record ClaimChecked(IActorRef Session, string Name, ClaimKind Kind, NameRefused? Refusal);

/// <summary>Directory → desk: a guest session registers the name it holds; answered to the session.</summary>
public sealed record CheckHeldRegistration(IActorRef Session, string Name, RegisterHeldName Request);

/// <summary>Directory → desk: an account holder's session changes its password; answered to the session.</summary>
public sealed record CheckPasswordChange(IActorRef Session, string Name, ChangePassword Request);

/// <summary>Desk → directory: the session's guest name is now an account's (the directory remembers it, then tells the session).</summary>
public sealed record HeldNameRegistered(IActorRef Session, string Name, RequestRef? Ref);
