using ActorChat.Client.Output;
using ActorChat.Client.Session;
using Akka.Actor;

namespace ActorChat.Tests.Client;

/// <summary>
/// The whole client minus the console: typed lines in, printed lines and an exit code out,
/// against the fake server.
/// </summary>
public sealed class ChatSessionTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = FakeChatServer.Patience;

    private readonly StringWriter _printed = new();
    private readonly TextWriter _output;
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 25, 10, 3, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    public ChatSessionTests() : base("akka.loglevel = WARNING") => _output = TextWriter.Synchronized(_printed);

    private IActorRef StartSession(FakeChatServer server, string? name, TimeSpan? quitTimeout = null, ISessionRecorder? recorder = null) =>
        Sys.ActorOf(ChatSession.Props(
            new SessionSettings(server.EndPoint, name, TimeSpan.FromMinutes(1), quitTimeout ?? TimeSpan.FromSeconds(5)),
            _output, _clock, _exitCode, recorder ?? NullSessionRecorder.Instance));

    private string[] PrintedLines() { lock (_output) return _printed.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries); }

    private void AwaitPrinted(string line) =>
        AwaitAssert(() => Assert.Contains(line, PrintedLines()), Wait);

    private static async Task WelcomeAsync(FakeChatServer server, string name) =>
        await server.WriteAsync(
            $$"""{"type":"welcome","name":"{{name}}","protocol":1,"server":"Fake 1.0"}""" + "\n" +
            $$"""{"type":"joined","room":"lobby","name":"{{name}}","members":1}""" + "\n");

    [Fact]
    public async Task Chats_then_quits_at_end_of_input_and_exits_cleanly()
    {
        await using var server = FakeChatServer.Start();
        var session = StartSession(server, "alice");
        await server.AcceptAsync();
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());

        // Typed before the welcome: held back until the login succeeds.
        session.Tell(new TypedLine("hello"));
        session.Tell(InputEnded.Instance);
        await WelcomeAsync(server, "alice");

        Assert.Equal("""{"type":"say","text":"hello","room":"lobby"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"message","id":1,"room":"lobby","from":"alice","text":"hello","time":"2026-11-25T10:03:00.000Z"}""" + "\n");
        Assert.Equal("""{"type":"quit"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"bye","reason":"quit"}""" + "\n");
        server.CloseConnection();

        Assert.Equal(ExitCodes.Normal, await _exitCode.Task.WaitAsync(Wait));
        Assert.Equal(
        [
            "* welcome, alice (Fake 1.0, protocol 1); type /help for commands",
            "10:03 [lobby] * alice joined (1 member)",
            "10:03 [lobby] alice: hello",
            "* the server says bye: quit",
            "* the server closed the connection (bye: quit)",
        ], PrintedLines());
    }

    [Fact]
    public async Task A_line_whose_answer_never_comes_is_sent_again_with_its_id_while_connected()
    {
        await using var server = FakeChatServer.Start();
        var clock = new ActorChat.Tests.Support.ManualClock();
        var settings = new SessionSettings(server.EndPoint, "alice", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5))
        {
            Reconnect = true,
            ResendAfter = TimeSpan.FromMilliseconds(200), // checked every 100 ms; due by the injected clock
        };
        var session = Sys.ActorOf(ChatSession.Props(settings, _output, clock, _exitCode));
        await server.AcceptAsync();
        Assert.Contains("\"type\":\"login\"", await server.ReadLineAsync());
        await WelcomeAsync(server, "alice");

        session.Tell(new TypedLine("hello"));
        var first = await NextSayAsync(server);
        clock.Advance(TimeSpan.FromMilliseconds(250)); // no answer: the room's node went down with it
        Assert.Equal(first, await NextSayAsync(server)); // the same request, the same id
        var id = System.Text.RegularExpressions.Regex.Match(first, "\"id\":\"([^\"]+)\"").Groups[1].Value;
        Assert.StartsWith("m-", id);
        await server.WriteAsync($$"""{"type":"message","id":1,"room":"lobby","from":"alice","text":"hello","time":"2026-11-25T10:03:00.000Z","ref":"{{id}}"}""" + "\n");
        AwaitAssert(() => Assert.Contains(PrintedLines(), l => l.EndsWith("[lobby] alice: hello")), Wait); // settled: shown once, as stored
    }

    private static async Task<string> NextSayAsync(FakeChatServer server)
    {
        while (true)
        {
            var line = await server.ReadLineAsync();
            if (line is null) throw new EndOfStreamException("the client closed the connection");
            if (line.Contains("\"type\":\"say\"")) return line;
        }
    }

    [Fact]
    public async Task Asks_for_another_name_when_the_first_is_taken()
    {
        await using var server = FakeChatServer.Start();
        var session = StartSession(server, name: null);
        await server.AcceptAsync();
        AwaitPrinted("? your name (1 to 32 letters, digits, '_', '-' or '.'):");

        session.Tell(new TypedLine("not valid!"));
        AwaitPrinted("! \"not valid!\" is not a valid name (1 to 32 letters, digits, '_', '-' or '.')");

        session.Tell(new TypedLine("alice"));
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"error","code":"name_taken","message":"alice is taken"}""" + "\n");
        AwaitPrinted("! name_taken: alice is taken");

        session.Tell(new TypedLine("alice2"));
        Assert.Equal("""{"type":"login","name":"alice2"}""", await server.ReadLineAsync());
        await WelcomeAsync(server, "alice2");
        AwaitPrinted("10:03 [lobby] * alice2 joined (1 member)");
    }

    [Fact]
    public async Task A_connection_lost_without_quit_exits_with_an_error()
    {
        await using var server = FakeChatServer.Start();
        StartSession(server, "alice");
        await server.AcceptAsync();
        await server.ReadLineAsync();
        await WelcomeAsync(server, "alice");
        await server.WriteAsync("""{"type":"bye","reason":"idle"}""" + "\n");
        server.CloseConnection();

        Assert.Equal(ExitCodes.ConnectionLost, await _exitCode.Task.WaitAsync(Wait));
        Assert.Equal("! the server closed the connection (bye: idle)", PrintedLines()[^1]);
    }

    [Fact]
    public async Task Gives_up_when_the_server_does_not_answer_quit()
    {
        await using var server = FakeChatServer.Start();
        var session = StartSession(server, "alice", quitTimeout: TimeSpan.FromMilliseconds(200));
        await server.AcceptAsync();
        await server.ReadLineAsync();
        await WelcomeAsync(server, "alice");
        session.Tell(new TypedLine("/quit"));
        Assert.Equal("""{"type":"quit"}""", await server.ReadLineAsync());

        Assert.Equal(ExitCodes.ConnectionLost, await _exitCode.Task.WaitAsync(Wait));
        Assert.Equal("! the server did not answer quit within 0.2 s", PrintedLines()[^1]);
    }

    [Fact]
    public async Task A_failed_connect_exits_with_its_own_code()
    {
        var endPoint = FakeChatServer.UnusedEndPoint();
        Sys.ActorOf(ChatSession.Props(new SessionSettings(endPoint, "alice"), _output, _clock, _exitCode));

        Assert.Equal(ExitCodes.ConnectFailed, await _exitCode.Task.WaitAsync(Wait));
        Assert.StartsWith($"! cannot connect to {endPoint}", PrintedLines()[^1]);
    }

    [Fact]
    public async Task A_piped_session_writes_the_chat_lines_it_shows_to_the_history_and_errors_to_the_error_log()
    {
        using var dataDir = new TempDirectory();
        var recorder = DataFolderRecorder.Open(dataDir.Path, history: true, _clock, TextWriter.Null);
        await using var server = FakeChatServer.Start();
        var session = StartSession(server, name: null, recorder: recorder);
        await server.AcceptAsync();

        // Piped all at once: a taken name, a free one, a chat line, /help (local), then end of input.
        foreach (var line in new[] { "alice", "alice2", "hello", "/help" }) session.Tell(new TypedLine(line));
        session.Tell(InputEnded.Instance);

        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"error","code":"name_taken","message":"alice is taken"}""" + "\n");
        Assert.Equal("""{"type":"login","name":"alice2"}""", await server.ReadLineAsync());
        await WelcomeAsync(server, "alice2");
        Assert.Equal("""{"type":"say","text":"hello","room":"lobby"}""", await server.ReadLineAsync());
        await server.WriteAsync(
            """{"type":"message","id":1,"room":"lobby","from":"alice2","text":"hello","time":"2026-11-25T10:03:00.000Z"}""" + "\n" +
            """{"type":"message","id":2,"room":"lobby","from":"bob","text":"evil \u001b[2J\nsecond line","time":"2026-11-25T10:03:00.000Z"}""" + "\n" +
            """{"type":"error","code":"rate_limited","message":"slow down"}""" + "\n");
        Assert.Equal("""{"type":"quit"}""", await server.ReadLineAsync());
        await server.WriteAsync("""{"type":"bye","reason":"quit"}""" + "\n");
        server.CloseConnection();
        Assert.Equal(ExitCodes.Normal, await _exitCode.Task.WaitAsync(Wait));

        // The history is what was shown from the welcome on, less local output (the /help list).
        string[] chat =
        [
            "* welcome, alice2 (Fake 1.0, protocol 1); type /help for commands",
            "10:03 [lobby] * alice2 joined (1 member)",
            "10:03 [lobby] alice2: hello",
            "10:03 [lobby] bob: evil \\x1b[2J",
            EventFormatter.ContinuationIndent + "second line",
            "! rate_limited: slow down",
            "* the server says bye: quit",
            "* the server closed the connection (bye: quit)",
        ];
        var printed = PrintedLines();
        Assert.Equal(chat, printed.SkipWhile(line => !line.StartsWith("* welcome")).Where(chat.Contains));
        Assert.Contains("! name_taken: alice is taken", printed); // shown, but before any name was ours
        Assert.Contains(printed, line => line.Contains("/quit")); // the /help list: shown, not chat
        Assert.Equal(chat.Select(line => "2026-11-25 10:03:00 " + line), File.ReadAllLines(dataDir.File("history-alice2.log")));
        Assert.False(File.Exists(dataDir.File("history-alice.log")));
        Assert.Equal(
            ["2026-11-25 10:03:00 ! name_taken: alice is taken", "2026-11-25 10:03:00 ! rate_limited: slow down"],
            File.ReadAllLines(dataDir.File(DataFolderRecorder.ErrorLogFileName)));
    }

    [Fact]
    public async Task A_failed_connect_goes_to_the_error_log()
    {
        using var dataDir = new TempDirectory();
        var recorder = DataFolderRecorder.Open(dataDir.Path, history: true, _clock, TextWriter.Null);
        var endPoint = FakeChatServer.UnusedEndPoint();
        Sys.ActorOf(ChatSession.Props(new SessionSettings(endPoint, "alice"), _output, _clock, _exitCode, recorder));

        Assert.Equal(ExitCodes.ConnectFailed, await _exitCode.Task.WaitAsync(Wait));
        var logged = Assert.Single(File.ReadAllLines(dataDir.File(DataFolderRecorder.ErrorLogFileName)));
        Assert.Equal("2026-11-25 10:03:00 " + PrintedLines()[^1], logged);
    }
}
