using ActorChat.Messages;
using ActorChat.Messages.Rules;

namespace ActorChat.Server.Accounts;

/// <summary>What a check found.</summary>
public enum CheckOutcome
{
    /// <summary>A guest name: no account has it.</summary>
    NoAccount,

    /// <summary>The name is registered (a guest may not use it; a new account may not take it).</summary>
    Registered,

    /// <summary>The password is the account's.</summary>
    Verified,

    /// <summary>The password is not the account's, or there is no account (a hash was computed all the same).</summary>
    WrongPassword,

    /// <summary>The account was created, or its password changed.</summary>
    Done,
}

/// <summary>
/// The blocking part of every account request, run off the actors (<see cref="AccountDesk"/>):
/// a read or write of the store and, for a password, an Argon2id hash on the
/// <see cref="PasswordCheckQueue"/>. A password lives here only as long as the check. The store's
/// or the queue's failures come out as the task's exception.
/// </summary>
public sealed class AccountChecks(AccountServices services, TimeProvider clock)
{
    /// <summary>Is a guest name registered? A read only: it runs on the thread pool, not behind the hashes.</summary>
    public Task<CheckOutcome> Guest(string name) =>
        Task.Run(() => services.Store.Find(NameRules.Key(name)) is null ? CheckOutcome.NoAccount : CheckOutcome.Registered);

    /// <summary>
    /// Is <paramref name="password"/> the account's? A name without an account costs a hash too, so
    /// both take the same time. A hash made with another cost than the server's is made again.
    /// </summary>
    public Task<CheckOutcome> Login(string name, Password password) => services.Checks.Run(() =>
    {
        var key = NameRules.Key(name);
        if (Verified(key, password) is not { } account) return CheckOutcome.WrongPassword;
        if (services.Hasher.NeedsRehash(account.PasswordHash))
            services.Store.ChangePasswordHash(key, services.Hasher.Hash(password), clock.GetUtcNow().UtcDateTime);
        return CheckOutcome.Verified;
    });

    /// <summary>Creates the account for <paramref name="name"/>: <see cref="CheckOutcome.Done"/>, or <see cref="CheckOutcome.Registered"/> when it exists.</summary>
    public Task<CheckOutcome> Register(string name, Password password) => services.Checks.Run(() =>
    {
        var account = new AccountRecord(name, services.Hasher.Hash(password), clock.GetUtcNow().UtcDateTime);
        return services.Store.TryCreate(NameRules.Key(name), account) ? CheckOutcome.Done : CheckOutcome.Registered;
    });

    /// <summary>The account when <paramref name="password"/> is its password; a name without one costs a hash all the same.</summary>
    private AccountRecord? Verified(string key, Password password)
    {
        var account = services.Store.Find(key);
        if (account is null)
        {
            services.Hasher.VerifyNothing(password);
            return null;
        }
        return services.Hasher.Verify(password, account.PasswordHash) ? account : null;
    }

    /// <summary>Changes the password when <paramref name="old"/> is right: <see cref="CheckOutcome.Done"/>, else <see cref="CheckOutcome.WrongPassword"/>.</summary>
    public Task<CheckOutcome> ChangePassword(string name, Password old, Password @new) => services.Checks.Run(() =>
    {
        var key = NameRules.Key(name);
        if (Verified(key, old) is null) return CheckOutcome.WrongPassword;
        return services.Store.ChangePasswordHash(key, services.Hasher.Hash(@new), clock.GetUtcNow().UtcDateTime)
            ? CheckOutcome.Done
            : CheckOutcome.WrongPassword;
    });
}
