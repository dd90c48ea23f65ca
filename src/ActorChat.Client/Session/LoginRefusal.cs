using System.Globalization;
using ActorChat.Client.Output;
using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>What to do when the server refuses a login (or a register) for a reason about accounts.</summary>
public abstract record LoginRefusal
{
    /// <summary>Not about accounts (<c>name_taken</c>, <c>invalid_name</c>, ...): the name flow's usual handling.</summary>
    public sealed record NotAboutAccounts : LoginRefusal;

    /// <summary>Ask for the password without echo, then log in again with it on a fresh connection.</summary>
    public sealed record AskForPassword(string Notice, string Prompt) : LoginRefusal;

    /// <summary>Wait <paramref name="Delay"/>, then log in again the same way on a fresh connection.</summary>
    public sealed record TryAgainLater(TimeSpan Delay, string Notice) : LoginRefusal;

    /// <summary>No way on: the session ends with this exit code and last line.</summary>
    public sealed record GiveUp(int ExitCode, string Message) : LoginRefusal;

    /// <summary>How long to wait after <c>unavailable</c> (the server is too busy checking passwords, or its store is down).</summary>
    public static readonly TimeSpan UnavailableDelay = TimeSpan.FromSeconds(5);

    /// <summary>The prompt for the password of <paramref name="name"/>.</summary>
    public static string PromptFor(string name) => $"Password for {TerminalText.EscapeSingleLine(name)}: ";

    /// <summary>Decides, in plain words; nothing here shows the password or its length.</summary>
    /// <param name="error">The server's refusal of the login.</param>
    /// <param name="name">The name the login was for.</param>
    /// <param name="relogin">The session had logged in before and lost its connection.</param>
    /// <param name="credentials">The password the login carried, and where it came from.</param>
    /// <param name="canAsk">A password can be asked for (a terminal, or the full screen).</param>
    public static LoginRefusal Decide(ErrorEvent error, string name, bool relogin, Credentials credentials, bool canAsk)
    {
        var who = TerminalText.EscapeSingleLine(name);
        var file = credentials.PasswordFile is { } path ? TerminalText.EscapeSingleLine(path) : null;
        switch (error.Code)
        {
            case ErrorCodes.PasswordRequired when canAsk:
                return new AskForPassword($"* {who} is a registered name: type its password (it is not shown; an empty line gives up)", PromptFor(name));
            case ErrorCodes.PasswordRequired:
                return new GiveUp(ExitCodes.PasswordNeeded,
                    $"! {who} is a registered name and needs its password: give it with --password-file FILE (standard input is not a terminal, so it cannot be asked for)");
            case ErrorCodes.BadPassword when file is not null:
                return new GiveUp(ExitCodes.LoginRefused, relogin
                    ? $"! on reconnecting, the server no longer takes the password in {file} for {who} (was it changed elsewhere?)"
                    : $"! wrong name or password: the server does not take the password in {file} for {who} (a name without an account takes none; --register creates the account)");
            case ErrorCodes.BadPassword when canAsk:
                return new AskForPassword(
                    relogin ? $"! on reconnecting, the server no longer takes the password of {who} (was it changed elsewhere?); type it again, or an empty line to give up" : $"! wrong password for {who}; try again, or an empty line to give up",
                    PromptFor(name));
            case ErrorCodes.BadPassword:
                return new GiveUp(ExitCodes.LoginRefused, $"! wrong name or password for {who}");
            case ErrorCodes.TooManyAttempts:
                var seconds = Math.Max(1, error.RetryAfter ?? 1);
                return new TryAgainLater(TimeSpan.FromSeconds(seconds),
                    $"! too many failed attempts for {who} (or from this address): the server checks no password for {Seconds(seconds)}; trying again then");
            case ErrorCodes.AccountRequired:
                return new GiveUp(ExitCodes.LoginRefused,
                    $"! this server admits only registered names, and {who} is not one: create it with --register --password-file FILE");
            case ErrorCodes.WeakPassword:
                return new GiveUp(ExitCodes.LoginRefused, $"! the server refused the password: a password is {PasswordRules.Description}");
            case ErrorCodes.Unavailable:
                return new TryAgainLater(UnavailableDelay,
                    $"! the server cannot log you in just now (unavailable); trying again in {Seconds((int)UnavailableDelay.TotalSeconds)}");
            default:
                return new NotAboutAccounts();
        }
    }

    /// <summary>"1 s", "30 s": whole seconds as the server gives them.</summary>
    public static string Seconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture) + " s";
}
