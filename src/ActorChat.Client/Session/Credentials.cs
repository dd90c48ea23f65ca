using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Client.Session;

/// <summary>
/// The password the session logs in with, and whether its name is an account: kept in memory
/// only, and only as long as a re-login may need it.
/// </summary>
/// <remarks>
/// A guest name takes no password (the server would answer <c>bad_password</c>), so a welcome as
/// a guest forgets it; without reconnecting there is no re-login, so a welcome forgets it too.
/// The password is a <see cref="Password"/>, which prints as <c>[password]</c>: nothing here
/// ever turns it into text but the wire. Plain state, no I/O.
/// </remarks>
public sealed class Credentials
{
    private readonly bool _keepForRelogin;
    private Password? _password;
    private bool _registerFirst;

    /// <param name="password">From <c>--password-file</c>, or null.</param>
    /// <param name="passwordFile">The file it came from, for messages; null when none.</param>
    /// <param name="registerFirst"><c>--register</c>: the first login creates the account (<c>register</c>).</param>
    /// <param name="keepForRelogin">The session reconnects and logs in again by itself.</param>
    public Credentials(Password? password, string? passwordFile, bool registerFirst, bool keepForRelogin)
    {
        _password = password;
        PasswordFile = password is null ? null : passwordFile;
        _registerFirst = registerFirst && password is not null;
        _keepForRelogin = keepForRelogin;
    }

    /// <summary>The <c>--password-file</c> the password came from; null once it is another (typed, changed).</summary>
    public string? PasswordFile { get; private set; }

    public bool HasPassword => _password is not null;

    /// <summary>The name logged in with is registered to an account (from <c>welcome</c>, or since <c>/register</c>).</summary>
    public bool IsAccount { get; private set; }

    /// <summary>The first login still creates the account (<c>--register</c>, before any welcome).</summary>
    public bool Registering => _registerFirst;

    /// <summary>The request that logs in as <paramref name="name"/>: register, login with the password, or as a guest.</summary>
    public ClientRequest LoginFor(string name) =>
        _registerFirst && _password is { } password
            ? new RegisterRequest(name, password)
            : new LoginRequest(name, _password);

    /// <summary>A password typed at the prompt: the next login uses it.</summary>
    public void Typed(Password password)
    {
        _password = password;
        PasswordFile = null;
    }

    /// <summary>Logged in: an account keeps its password for re-logins (when the session reconnects), a guest none.</summary>
    public void Welcomed(WelcomeEvent welcome)
    {
        IsAccount = welcome.Account == true;
        _registerFirst = false;
        if (!IsAccount || !_keepForRelogin) Forget();
    }

    /// <summary><c>/register</c> or <c>/passwd</c> was answered <c>ok</c>: the name is an account with this password now.</summary>
    public void AccountPassword(Password password)
    {
        IsAccount = true;
        PasswordFile = null;
        _password = _keepForRelogin ? password : null;
    }

    /// <summary>The session ends (or needs it no more): the password is dropped.</summary>
    public void Forget()
    {
        _password = null;
        PasswordFile = null;
    }
}
