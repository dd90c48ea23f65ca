namespace ActorChat.Server.Accounts;

/// <summary>An account: its name as registered, its password's hash (PHC form), and when it was created.</summary>
public sealed record AccountRecord(string Name, string PasswordHash, DateTime Created)
{
    /// <summary>Never the hash: a record printed in a log shows only what is not secret.</summary>
    public override string ToString() => $"account {Name} (created {Created:O})";
}

/// <summary>
/// Where accounts are kept: the same database as the history (SQLite file or PostgreSQL), so
/// they survive a restart with it. Keyed by the name's key (<c>NameRules.Key</c>). Blocking:
/// called off the actors. Only hashes are stored, never a password.
/// </summary>
public interface IAccountStore
{
    AccountRecord? Find(string nameKey);

    /// <summary>Creates the account; false when the name is registered already.</summary>
    bool TryCreate(string nameKey, AccountRecord account);

    /// <summary>Replaces the password hash; false when there is no such account.</summary>
    bool ChangePasswordHash(string nameKey, string passwordHash, DateTime changed);
}
