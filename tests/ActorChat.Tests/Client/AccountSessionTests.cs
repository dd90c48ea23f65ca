using System.Text.RegularExpressions;
using ActorChat.Client.Output;
using ActorChat.Client.Session;
using ActorChat.Messages;
using Akka.Actor;

using ActorChat.Tests.Support;

namespace ActorChat.Tests.Client;

/// <summary>
/// The whole session with accounts against the fake server: logins with passwords (asked for, or
/// from a file), refusals, takeover, <c>/register</c> and <c>/passwd</c>. Passwords never show.
/// </summary>
public sealed class AccountSessionTests : Akka.TestKit.Xunit2.TestKit
{
    private const string Secret = "correct horse battery";
    private static readonly TimeSpan Wait = FakeChatServer.Patience;

    private readonly PrintedLines _printed = new();
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 25, 10, 3, 0, TimeSpan.Zero), TimeZoneInfo.Utc);
    private readonly FakeSecretInput _secrets = new();

    public AccountSessionTests() : base("akka.loglevel = WARNING") { }

    private SessionSettings Settings(FakeChatServer server, string? password = null, bool reconnect = true, ISecretInput? secrets = null) =>
        new(server.EndPoint, "alice", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5))
        {
            Reconnect = reconnect,
            ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
            Random = () => 0.5,
            Password = password is null ? null : new Password(password),
            PasswordFile = password is null ? null : "/home/alice/pw",
            SecretInput = secrets ?? _secrets,
        };

    private IActorRef Start(SessionSettings settings) => Sys.ActorOf(ChatSession.Props(settings, _printed.Writer, _clock, _exitCode));

    private string[] PrintedLines() => _printed.All();

    private void AwaitPrinted(Func<string, bool> match) => AwaitAssert(() => Assert.Contains(PrintedLines(), l => match(l)), Wait);

    private void AwaitPrompt(int count) => AwaitCondition(() => _secrets.Prompts.Count == count && _secrets.Asking, Wait);

    internal static async Task WelcomeAsync(FakeChatServer server, string name = "alice", bool account = true) =>
        await server.WriteAsync(
            $$"""{"type":"welcome","name":"{{name}}","protocol":2,"server":"Fake 2.0","account":{{(account ? "true" : "false")}}}""" + "\n" +
            """{"type":"history","room":"lobby","messages":[]}""" + "\n" +
            $$"""{"type":"joined","room":"lobby","name":"{{name}}","members":1}""" + "\n");

    internal static async Task<string> NextAsync(FakeChatServer server, string type)
    {
        while (true)
        {
            var line = await server.ReadLineAsync() ?? throw new EndOfStreamException($"the client closed the connection before a {type}");
            if (line.Contains($"\"type\":\"{type}\"")) return line;
        }
    }

    /// <summary>Reads until the client closes this connection.</summary>
    internal static async Task ClosedAsync(FakeChatServer server)
    {
        while (await server.ReadLineAsync() is not null)
        {
        }
    }

    private void AssertNoPasswordShown(params string[] passwords)
    {
        foreach (var password in passwords) Assert.DoesNotContain(PrintedLines(), l => l.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Password_required_asks_for_the_password_unseen_and_logs_in_with_it_on_a_fresh_connection()
    {
        await using var server = FakeChatServer.Start();
        Start(Settings(server));
        await server.AcceptAsync();
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"error","code":"password_required","message":"alice is registered"}""" + "\n");

        AwaitPrompt(1);
        Assert.Equal("Password for alice: ", _secrets.Prompts[0]);
        AwaitPrinted(l => l == "* alice is a registered name: type its password (it is not shown; an empty line gives up)");
        await ClosedAsync(server); // the refused connection is closed while the user types
        _secrets.Type("not-the-Passw0rd");

        await server.AcceptAsync();
        Assert.Equal("""{"type":"login","name":"alice","password":"not-the-Passw0rd"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"error","code":"bad_password","message":"wrong name or password"}""" + "\n");
        AwaitPrompt(2);
        AwaitPrinted(l => l == "! wrong password for alice; try again, or an empty line to give up");
        await ClosedAsync(server);
        _secrets.Type("short");
        AwaitPrompt(3); // too short to try: asked again at once, nothing sent
        AwaitPrinted(l => l.StartsWith("! a password is 8 to 256 characters"));
        _secrets.Type(Secret);

        await server.AcceptAsync();
        Assert.Equal($$"""{"type":"login","name":"alice","password":"{{Secret}}"}""", await server.ReadLineAsync());
        await WelcomeAsync(server);
        AwaitPrinted(l => l.EndsWith("* alice joined (1 member)"));
        AssertNoPasswordShown(Secret, "not-the-Passw0rd");
        Assert.DoesNotContain(PrintedLines(), l => l.StartsWith("! password_required") || l.StartsWith("! bad_password"));
    }

    [Fact]
    public async Task An_empty_password_gives_up_with_the_not_logged_in_code()
    {
        await using var server = FakeChatServer.Start();
        Start(Settings(server));
        await server.AcceptAsync();
        await NextAsync(server, "login");
        await server.WriteAsync("""{"type":"error","code":"password_required","message":"alice is registered"}""" + "\n");
        AwaitPrompt(1);
        _secrets.Type("");

        Assert.Equal(ExitCodes.NotLoggedIn, await _exitCode.Task.WaitAsync(Wait));
        Assert.Equal("* no password typed; bye", PrintedLines()[^1]);
    }

    [Fact]
    public async Task In_a_pipe_a_registered_name_without_password_file_ends_with_its_own_code()
    {
        await using var server = FakeChatServer.Start();
        Start(Settings(server, secrets: NoSecretInput.Instance));
        await server.AcceptAsync();
        await NextAsync(server, "login");
        await server.WriteAsync("""{"type":"error","code":"password_required","message":"alice is registered"}""" + "\n");

        Assert.Equal(ExitCodes.PasswordNeeded, await _exitCode.Task.WaitAsync(Wait));
        Assert.Equal(
            "! alice is a registered name and needs its password: give it with --password-file FILE (standard input is not a terminal, so it cannot be asked for)",
            PrintedLines()[^1]);
    }

    [Fact]
    public async Task A_wrong_password_from_the_file_ends_with_the_login_refused_code_without_asking()
    {
        using var dataDir = new TempDirectory();
        var recorder = DataFolderRecorder.Open(dataDir.Path, history: true, _clock, TextWriter.Null);
        await using var server = FakeChatServer.Start();
        Sys.ActorOf(ChatSession.Props(Settings(server, password: Secret), _printed.Writer, _clock, _exitCode, recorder));
        await server.AcceptAsync();
        Assert.Equal($$"""{"type":"login","name":"alice","password":"{{Secret}}"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"error","code":"bad_password","message":"wrong name or password"}""" + "\n");

        Assert.Equal(ExitCodes.LoginRefused, await _exitCode.Task.WaitAsync(Wait));
        Assert.StartsWith("! wrong name or password: the server does not take the password in /home/alice/pw for alice", PrintedLines()[^1]);
        Assert.Empty(_secrets.Prompts);
        AssertNoPasswordShown(Secret);
        Assert.DoesNotContain(Secret, File.ReadAllText(dataDir.File(DataFolderRecorder.ErrorLogFileName)));
    }

    [Fact]
    public async Task Bye_replaced_ends_the_session_with_its_own_code_and_no_reconnect()
    {
        await using var server = FakeChatServer.Start();
        var session = Start(Settings(server, password: Secret));
        Watch(session);
        await server.AcceptAsync();
        await NextAsync(server, "login");
        await WelcomeAsync(server);
        AwaitPrinted(l => l.EndsWith("* alice joined (1 member)"));

        await server.WriteAsync("""{"type":"bye","reason":"replaced"}""" + "\n");
        server.CloseConnection();

        Assert.Equal(ExitCodes.LoggedInElsewhere, await _exitCode.Task.WaitAsync(Wait));
        ExpectTerminated(session, Wait); // and with it every child: nothing is left to reconnect
        Assert.False(server.HasPendingConnection);
        Assert.Equal(
            "! logged in elsewhere: someone logged in as alice with its password on another connection, which took over; this client stops and does not reconnect",
            PrintedLines()[^1]);
    }

    [Fact]
    public async Task After_a_reconnect_an_account_logs_in_again_with_its_password_and_a_guest_without()
    {
        await using var server = FakeChatServer.Start();
        Start(Settings(server, password: Secret));
        await server.AcceptAsync();
        await NextAsync(server, "login");
        await WelcomeAsync(server);
        AwaitPrinted(l => l.EndsWith("* alice joined (1 member)"));
        server.CloseConnection();

        await server.AcceptAsync();
        Assert.Equal($$"""{"type":"login","name":"alice","password":"{{Secret}}"}""", await server.ReadLineAsync());
        await WelcomeAsync(server);
        AwaitPrinted(l => l == "* reconnected as alice");
        AssertNoPasswordShown(Secret);
    }

    [Fact]
    public async Task Register_turns_the_guest_name_into_an_account_whose_password_the_reconnect_uses()
    {
        await using var server = FakeChatServer.Start();
        var session = Start(Settings(server));
        await server.AcceptAsync();
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        await WelcomeAsync(server, account: false);
        AwaitPrinted(l => l.EndsWith("* alice joined (1 member)"));

        session.Tell(new TypedLine("/passwd"));
        AwaitPrinted(l => l == "! alice is a guest name, with no password to change: /register it first");
        session.Tell(new TypedLine("/register"));
        AwaitPrompt(1);
        _secrets.Type(Secret);
        AwaitPrompt(2);
        _secrets.Type(Secret);
        var register = await NextAsync(server, "register");
        var id = Regex.Match(register, "\"id\":\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal($$"""{"type":"register","name":"alice","password":"{{Secret}}","id":"{{id}}"}""", register);
        await server.WriteAsync($$"""{"type":"ok","ref":"{{id}}"}""" + "\n");
        AwaitPrinted(l => l.StartsWith("* alice is now registered"));

        session.Tell(new TypedLine("/register"));
        AwaitPrinted(l => l == "! alice is registered already; /passwd changes its password");
        server.CloseConnection();
        await server.AcceptAsync();
        Assert.Equal($$"""{"type":"login","name":"alice","password":"{{Secret}}"}""", await server.ReadLineAsync());
        AssertNoPasswordShown(Secret);
    }

    [Fact]
    public async Task Passwd_refused_then_accepted_changes_the_password_the_reconnect_uses()
    {
        const string fresh = "a brand new password";
        await using var server = FakeChatServer.Start();
        var session = Start(Settings(server, password: Secret));
        await server.AcceptAsync();
        await NextAsync(server, "login");
        await WelcomeAsync(server);
        AwaitPrinted(l => l.EndsWith("* alice joined (1 member)"));

        async Task<string> ChangeAsync(string current)
        {
            var asked = _secrets.Prompts.Count;
            session.Tell(new TypedLine("/passwd"));
            foreach (var (count, typed) in new[] { (asked + 1, current), (asked + 2, fresh), (asked + 3, fresh) })
            {
                AwaitPrompt(count);
                _secrets.Type(typed);
            }
            var passwd = await NextAsync(server, "passwd");
            Assert.Contains($$"""{"type":"passwd","old":"{{current}}","new":"{{fresh}}","id":"account-""", passwd);
            return Regex.Match(passwd, "\"id\":\"([^\"]+)\"").Groups[1].Value;
        }

        var refused = await ChangeAsync("not the password");
        await server.WriteAsync($$"""{"type":"error","code":"too_many_attempts","message":"slow down","retry_after":17,"ref":"{{refused}}"}""" + "\n");
        AwaitPrinted(l => l == "! too many failed attempts for alice: the server checks no password for 17 s; try again then");

        var accepted = await ChangeAsync(Secret);
        await server.WriteAsync($$"""{"type":"ok","ref":"{{accepted}}"}""" + "\n");
        AwaitPrinted(l => l.StartsWith("* the password of alice is changed; /home/alice/pw is not rewritten"));

        server.CloseConnection();
        await server.AcceptAsync();
        Assert.Equal($$"""{"type":"login","name":"alice","password":"{{fresh}}"}""", await server.ReadLineAsync());
        AssertNoPasswordShown(Secret, fresh, "not the password");
    }
}
