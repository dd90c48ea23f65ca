using ActorChat.Client.Session;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

/// <summary><c>--password-file</c> and <c>--register</c>, and the <see cref="Credentials"/> they start.</summary>
public sealed class AccountOptionsTests : IDisposable
{
    private const string Secret = "correct horse battery";
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string FileWith(string text, string name = "password.txt")
    {
        var path = _folder.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData(Secret)]
    [InlineData(Secret + "\n")]
    [InlineData(Secret + "\r\n")]
    [InlineData(Secret + "\r\nsecond line\n")]
    [InlineData("\uFEFF" + Secret + "\n")]
    public void The_password_is_the_first_line_without_its_line_break(string content)
    {
        var read = PasswordFile.Read(FileWith(content));
        Assert.Null(read.Problem);
        Assert.Equal(Secret, read.Password!.Reveal());
    }

    [Fact]
    public void Spaces_are_part_of_the_password() =>
        Assert.Equal("  spaced out  ", PasswordFile.Read(FileWith("  spaced out  \n")).Password!.Reveal());

    [Fact]
    public void A_missing_file_is_one_line_that_names_it()
    {
        var path = _folder.File("missing.txt");
        Assert.Equal($"--password-file {path}: there is no such file", PasswordFile.Read(path).Problem);
    }

    [Fact]
    public void A_folder_cannot_be_read_as_the_file() =>
        Assert.StartsWith($"--password-file {_folder.Path}: cannot read it (", PasswordFile.Read(_folder.Path).Problem);

    [Theory]
    [InlineData("", "its first line is empty; put the password on it")]
    [InlineData("\nlater", "its first line is empty; put the password on it")]
    [InlineData("short\n", "the password on its first line is too short (a password is 8 to 256 characters)")]
    [InlineData("1234567\n", "the password on its first line is too short (a password is 8 to 256 characters)")]
    public void A_password_outside_8_to_256_characters_is_refused_without_showing_it(string content, string problem)
    {
        var path = FileWith(content);
        var read = PasswordFile.Read(path);
        Assert.Null(read.Password);
        Assert.Equal($"--password-file {path}: {problem}", read.Problem);
    }

    [Fact]
    public void Lengths_count_characters_not_bytes_or_utf16_units()
    {
        Assert.NotNull(PasswordFile.Read(FileWith(new string('x', 256))).Password);
        Assert.NotNull(PasswordFile.Read(FileWith(string.Concat(Enumerable.Repeat("😀", 256)))).Password); // 512 UTF-16 units
        Assert.EndsWith("is too long (a password is 8 to 256 characters)", PasswordFile.Read(FileWith(new string('x', 257))).Problem);
        Assert.EndsWith("is longer than any password (8 to 256 characters)", PasswordFile.Read(FileWith(new string('x', 5000))).Problem);
    }

    [Fact]
    public void Register_needs_a_password_file()
    {
        Assert.False(AccountOptions.TryFromOptions(null, register: true, out _, out var problem));
        Assert.StartsWith("--register needs --password-file FILE", problem);
        Assert.True(AccountOptions.TryFromOptions(null, register: false, out var none, out _));
        Assert.Equal(AccountOptions.None, none);
        Assert.True(AccountOptions.TryFromOptions(FileWith(Secret), register: true, out var options, out _));
        Assert.True(options.Register);
        Assert.DoesNotContain(Secret, options.ToString());
    }

    [Fact]
    public void Credentials_log_in_with_the_password_or_register_once_then_keep_it_only_for_an_account_that_reconnects()
    {
        var password = new Password(Secret);
        var registering = new Credentials(password, "p.txt", registerFirst: true, keepForRelogin: true);
        Assert.Equal(new RegisterRequest("alice", password), registering.LoginFor("alice"));
        registering.Welcomed(new WelcomeEvent("alice", 2, "S") { Account = true });
        Assert.Equal(new LoginRequest("alice", password), registering.LoginFor("alice"));
        Assert.True(registering.IsAccount);

        var guest = new Credentials(null, null, registerFirst: false, keepForRelogin: true);
        Assert.Equal(new LoginRequest("bob"), guest.LoginFor("bob"));

        var noReconnect = new Credentials(password, "p.txt", registerFirst: false, keepForRelogin: false);
        noReconnect.Welcomed(new WelcomeEvent("alice", 2, "S") { Account = true });
        Assert.False(noReconnect.HasPassword);

        var typed = new Credentials(null, null, registerFirst: false, keepForRelogin: true);
        typed.Typed(password);
        typed.Welcomed(new WelcomeEvent("carol", 2, "S") { Account = false }); // a guest name needs none
        Assert.False(typed.HasPassword);
        typed.AccountPassword(new Password("a newer password"));
        Assert.Equal(new LoginRequest("carol", new Password("a newer password")), typed.LoginFor("carol"));
        Assert.DoesNotContain("newer", typed.LoginFor("carol").ToString());
    }
}

/// <summary>What each refusal of a login about accounts leads to (<see cref="LoginRefusal.Decide"/>).</summary>
public sealed class LoginRefusalTests
{
    private static readonly Credentials NoPassword = new(null, null, registerFirst: false, keepForRelogin: true);
    private static readonly Credentials FromFile = new(new Password("from the file"), "/home/alice/pw", registerFirst: false, keepForRelogin: true);

    private static ErrorEvent Error(string code, int? retryAfter = null) => new(code, "the server's words") { RetryAfter = retryAfter };

    [Fact]
    public void Password_required_asks_on_a_terminal_and_ends_with_its_own_code_in_a_pipe()
    {
        var ask = Assert.IsType<LoginRefusal.AskForPassword>(LoginRefusal.Decide(Error(ErrorCodes.PasswordRequired), "alice", false, NoPassword, canAsk: true));
        Assert.Equal("Password for alice: ", ask.Prompt);
        var giveUp = Assert.IsType<LoginRefusal.GiveUp>(LoginRefusal.Decide(Error(ErrorCodes.PasswordRequired), "alice", false, NoPassword, canAsk: false));
        Assert.Equal(ExitCodes.PasswordNeeded, giveUp.ExitCode);
        Assert.Contains("--password-file FILE", giveUp.Message);
    }

    [Fact]
    public void A_wrong_password_asks_again_unless_it_came_from_the_file()
    {
        var again = Assert.IsType<LoginRefusal.AskForPassword>(LoginRefusal.Decide(Error(ErrorCodes.BadPassword), "alice", false, NoPassword, canAsk: true));
        Assert.StartsWith("! wrong password for alice", again.Notice);
        var file = Assert.IsType<LoginRefusal.GiveUp>(LoginRefusal.Decide(Error(ErrorCodes.BadPassword), "alice", false, FromFile, canAsk: true));
        Assert.Equal(ExitCodes.LoginRefused, file.ExitCode);
        Assert.Contains("the password in /home/alice/pw for alice", file.Message);
        Assert.DoesNotContain("from the file", file.Message);
        var relogin = Assert.IsType<LoginRefusal.GiveUp>(LoginRefusal.Decide(Error(ErrorCodes.BadPassword), "alice", true, FromFile, canAsk: false));
        Assert.Contains("no longer takes", relogin.Message);
    }

    [Fact]
    public void Too_many_attempts_waits_retry_after_and_unavailable_a_few_seconds()
    {
        var later = Assert.IsType<LoginRefusal.TryAgainLater>(LoginRefusal.Decide(Error(ErrorCodes.TooManyAttempts, 42), "alice", true, FromFile, canAsk: false));
        Assert.Equal(TimeSpan.FromSeconds(42), later.Delay);
        Assert.Contains("for 42 s", later.Notice);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.IsType<LoginRefusal.TryAgainLater>(LoginRefusal.Decide(Error(ErrorCodes.TooManyAttempts), "a", false, NoPassword, false)).Delay);
        Assert.Equal(LoginRefusal.UnavailableDelay, Assert.IsType<LoginRefusal.TryAgainLater>(LoginRefusal.Decide(Error(ErrorCodes.Unavailable), "a", false, NoPassword, false)).Delay);
    }

    [Fact]
    public void Account_required_ends_and_other_refusals_are_the_name_flows()
    {
        Assert.Equal(ExitCodes.LoginRefused, Assert.IsType<LoginRefusal.GiveUp>(LoginRefusal.Decide(Error(ErrorCodes.AccountRequired), "bob", false, NoPassword, true)).ExitCode);
        Assert.IsType<LoginRefusal.NotAboutAccounts>(LoginRefusal.Decide(Error(ErrorCodes.NameTaken), "bob", false, NoPassword, true));
        Assert.IsType<LoginRefusal.NotAboutAccounts>(LoginRefusal.Decide(Error(ErrorCodes.InvalidName), "bob", false, NoPassword, true));
    }

    [Fact]
    public void A_name_from_the_network_cannot_drive_the_terminal()
    {
        var ask = Assert.IsType<LoginRefusal.AskForPassword>(LoginRefusal.Decide(Error(ErrorCodes.PasswordRequired), "a\u001b[2J", false, NoPassword, true));
        Assert.DoesNotContain('\u001b', ask.Prompt + ask.Notice);
    }
}
