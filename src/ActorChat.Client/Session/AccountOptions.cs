using ActorChat.Messages;

namespace ActorChat.Client.Session;

/// <summary>The account options of the command line, checked: <c>--password-file</c> read, <c>--register</c> given what it needs.</summary>
/// <param name="Password">The password of <c>--password-file</c>; null without it.</param>
/// <param name="PasswordFile">The file, for messages.</param>
/// <param name="Register"><c>--register</c>: the first login creates the account.</param>
public sealed record AccountOptions(Password? Password, string? PasswordFile, bool Register)
{
    public static readonly AccountOptions None = new(null, null, false);

    /// <summary>False, with one line saying why (never the password), when the options cannot be used.</summary>
    public static bool TryFromOptions(string? passwordFile, bool register, out AccountOptions options, out string? problem)
    {
        options = None;
        problem = null;
        if (passwordFile is null)
        {
            if (register) problem = "--register needs --password-file FILE, with the new account's password on its first line (or log in as a guest and type /register)";
            return problem is null;
        }
        var read = Session.PasswordFile.Read(passwordFile);
        if (read.Password is null)
        {
            problem = read.Problem;
            return false;
        }
        options = new AccountOptions(read.Password, passwordFile, register);
        return true;
    }
}
