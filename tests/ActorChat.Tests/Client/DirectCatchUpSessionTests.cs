using System.Text.RegularExpressions;
using ActorChat.Client.Session;
using ActorChat.Messages;
using Akka.Actor;

using ActorChat.Tests.Support;

namespace ActorChat.Tests.Client;

/// <summary>
/// Direct messages across a reconnect, against the fake server: an account catches up what it missed
/// and settles its unconfirmed line from the history instead of sending it again; a guest sends it
/// again; either way every message shows exactly once.
/// </summary>
public sealed class DirectCatchUpSessionTests : Akka.TestKit.Xunit2.TestKit
{
    private const string Secret = "correct horse battery";
    private static readonly TimeSpan Wait = FakeChatServer.Patience;

    private readonly PrintedLines _printed = new();
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 25, 10, 3, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    public DirectCatchUpSessionTests() : base("akka.loglevel = WARNING") { }

    private IActorRef Start(FakeChatServer server, bool account) =>
        Sys.ActorOf(ChatSession.Props(
            new SessionSettings(server.EndPoint, "alice", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5))
            {
                Reconnect = true,
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(20),
                Random = () => 0.5,
                Password = account ? new Password(Secret) : null,
            },
            _printed.Writer, _clock, _exitCode));

    private string[] PrintedLines() => _printed.All();

    private int Shown(string text) => PrintedLines().Count(l => l.EndsWith("] " + text, StringComparison.Ordinal));

    private void AwaitShown(string text) => AwaitAssert(() => Assert.Equal(1, Shown(text)), Wait);

    private static string Dm(long id, string from, string to, string text, string? reference = null) =>
        $$"""{"type":"message","id":{{id}},"to":"{{to}}","from":"{{from}}","text":"{{text}}","time":"2026-11-25T10:03:00.000Z"{{(reference is null ? "" : $",\"ref\":\"{reference}\"")}}}""";

    private static string IdOf(string line) => Regex.Match(line, "\"id\":\"([^\"]+)\"").Groups[1].Value;

    [Fact]
    public async Task An_account_catches_up_a_direct_conversation_and_its_unconfirmed_line_shows_once_and_is_not_sent_again()
    {
        await using var server = FakeChatServer.Start();
        var session = Start(server, account: true);
        await server.AcceptAsync();
        await AccountSessionTests.NextAsync(server, "login");
        await AccountSessionTests.WelcomeAsync(server);
        await server.WriteAsync(Dm(5, "bob", "alice", "hello alice") + "\n");
        AwaitShown("hello alice");

        session.Tell(new TypedLine("/msg bob are you there?"));
        var sent = await AccountSessionTests.NextAsync(server, "dm");
        server.CloseConnection(); // before its copy came back: stored or not, the client cannot tell

        await server.AcceptAsync();
        Assert.Equal($$"""{"type":"login","name":"alice","password":"{{Secret}}"}""", await server.ReadLineAsync());
        await AccountSessionTests.WelcomeAsync(server);
        var asked = await AccountSessionTests.NextAsync(server, "history");
        Assert.Equal($$"""{"type":"history","with":"bob","limit":50,"id":"{{IdOf(asked)}}"}""", asked);
        await server.WriteAsync(
            $$"""{"type":"history","with":"bob","messages":[{{Dm(5, "bob", "alice", "hello alice")}},{{Dm(6, "alice", "bob", "are you there?")}},{{Dm(7, "bob", "alice", "yes, here")}}],"ref":"{{IdOf(asked)}}"}""" + "\n");

        // Stored before the break: settled from the history, so the next line out is the new one, not the dm again.
        session.Tell(new TypedLine("after"));
        Assert.Contains("\"type\":\"say\",\"text\":\"after\"", await server.ReadLineAsync());

        // The copy of a re-send (had there been one) has the same message id: it changes nothing.
        await server.WriteAsync(Dm(6, "alice", "bob", "are you there?", IdOf(sent)) + "\n" + Dm(8, "bob", "alice", "live") + "\n");
        AwaitShown("live");
        Assert.Equal([1, 1, 1, 1], new[] { "hello alice", "are you there?", "yes, here", "live" }.Select(Shown));
        var order = PrintedLines().Where(l => l.Contains("[dm ")).Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..]).ToList();
        Assert.Equal(["hello alice", "are you there?", "yes, here", "live"], order);
    }

    [Fact]
    public async Task A_guest_reads_no_direct_history_and_sends_its_unconfirmed_line_again_once_shown_once()
    {
        await using var server = FakeChatServer.Start();
        var session = Start(server, account: false);
        await server.AcceptAsync();
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        await AccountSessionTests.WelcomeAsync(server, account: false);
        await server.WriteAsync(Dm(5, "bob", "alice", "hello alice") + "\n");
        AwaitShown("hello alice");

        session.Tell(new TypedLine("/msg bob are you there?"));
        var sent = await AccountSessionTests.NextAsync(server, "dm");
        server.CloseConnection();

        await server.AcceptAsync();
        Assert.Equal("""{"type":"login","name":"alice"}""", await server.ReadLineAsync());
        await AccountSessionTests.WelcomeAsync(server, account: false);
        var next = await server.ReadLineAsync();
        Assert.Equal(sent, next); // the same request, the same id; no history with "with" before it

        await server.WriteAsync(Dm(6, "alice", "bob", "are you there?", IdOf(sent)) + "\n");
        await server.WriteAsync(Dm(6, "alice", "bob", "are you there?", IdOf(sent)) + "\n" + Dm(7, "bob", "alice", "yes") + "\n");
        AwaitShown("yes");
        Assert.Equal(1, Shown("are you there?"));
        Assert.Equal(1, Shown("hello alice"));
    }
}
