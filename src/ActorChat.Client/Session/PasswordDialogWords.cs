using ActorChat.Client.Input;
using ActorChat.Client.Output;
using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>What <see cref="PasswordDialog"/> says, in plain words; never a password or its length.</summary>
public static class PasswordDialogWords
{
    public static string Start(AccountCommandKind kind, string name) => kind == AccountCommandKind.Register
        ? $"* /register: {One(name)} becomes an account; type its new password twice (it is not shown; an empty line cancels)"
        : $"* /passwd: type the current password of {One(name)}, then the new one twice (nothing is shown; an empty line cancels)";

    public static string CurrentPrompt(string name) => $"Current password for {One(name)}: ";

    public static string NewPrompt(string name) => $"New password for {One(name)}: ";

    public const string RepeatPrompt = "The same password again: ";

    public static readonly string Weak = $"! a password is {PasswordRules.Description}; type another one";

    public const string Differ = "! the two passwords differ; type the new password again";

    public static string Cancelled(AccountCommandKind kind, string why) => $"* {Command(kind)} cancelled: {why}";

    public const string Busy = "! a password dialog is in progress: finish it first (an empty line cancels it)";

    public static string Done(AccountCommandKind kind, string name, string? passwordFile) => kind == AccountCommandKind.Register
        ? $"* {One(name)} is now registered: its password logs in to it from now on, and this client logs in with it after a reconnect"
        : $"* the password of {One(name)} is changed"
          + (passwordFile is null ? "" : $"; {One(passwordFile)} is not rewritten: put the new password in it before the next start with --password-file");

    /// <summary>The server refused the dialog's <c>register</c> or <c>passwd</c>.</summary>
    public static string Refused(ErrorEvent error, AccountCommandKind kind, string name) => error.Code switch
    {
        ErrorCodes.WeakPassword => $"! the server refused the new password: a password is {PasswordRules.Description}",
        ErrorCodes.BadPassword => $"! the current password is wrong; nothing changed ({Command(kind)} to try again)",
        ErrorCodes.TooManyAttempts =>
            $"! too many failed attempts for {One(name)}: the server checks no password for {LoginRefusal.Seconds(Math.Max(1, error.RetryAfter ?? 1))}; try again then",
        ErrorCodes.AccountRequired => $"! {One(name)} is a guest name, with no password to change: /register it first",
        ErrorCodes.NameTaken => $"! {One(name)} cannot be registered: it is registered already",
        ErrorCodes.AlreadyLoggedIn => $"! {One(name)} is registered already; /passwd changes its password",
        ErrorCodes.Unavailable => "! the server cannot do it just now (unavailable); nothing changed, try again later",
        _ => $"! {Command(kind)} failed: {One(error.Code)}: {One(error.Message)}",
    };

    /// <summary>Null when the dialog may start; else why not, known without asking the server.</summary>
    public static string? NotNow(AccountCommandKind kind, bool isAccount, string name) => kind switch
    {
        AccountCommandKind.Register when isAccount => $"! {One(name)} is registered already; /passwd changes its password",
        AccountCommandKind.ChangePassword when !isAccount => $"! {One(name)} is a guest name, with no password to change: /register it first",
        _ => null,
    };

    public static string Command(AccountCommandKind kind) => kind == AccountCommandKind.Register ? "/register" : "/passwd";

    private static string One(string text) => TerminalText.EscapeSingleLine(text);
}
