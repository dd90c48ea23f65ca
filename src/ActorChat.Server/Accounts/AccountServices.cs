namespace ActorChat.Server.Accounts;

/// <summary>What the account desk works with: the accounts in the store, the hasher, and the threads it hashes on.</summary>
public sealed record AccountServices(IAccountStore Store, PasswordHasher Hasher, PasswordCheckQueue Checks);
