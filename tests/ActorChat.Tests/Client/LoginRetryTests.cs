using ActorChat.Client.Session;
using ActorChat.Messages;
using Akka.TestKit;

using ActorChat.Tests.Support;

namespace ActorChat.Tests.Client;

/// <summary>
/// <c>too_many_attempts</c> on Akka's virtual clock (TestScheduler): the login is tried again on a
/// fresh connection exactly <c>retry_after</c> later, at start and after a reconnect.
/// </summary>
public sealed class LoginRetryTests() : Akka.TestKit.Xunit2.TestKit(
    "akka.loglevel = WARNING\nakka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
{
    private const string Secret = "correct horse battery";
    private static readonly TimeSpan Wait = FakeChatServer.Patience;

    private readonly PrintedLines _printed = new();
    private readonly TaskCompletionSource<int> _exitCode = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 25, 10, 3, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private string[] PrintedLines() => _printed.All();

    private void Start(FakeChatServer server) =>
        Sys.ActorOf(ChatSession.Props(
            new SessionSettings(server.EndPoint, "alice", TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5))
            {
                Reconnect = true,
                ReconnectInitialDelay = TimeSpan.FromSeconds(1),
                Random = () => 0.5,
                Password = new Password(Secret),
                PasswordFile = "pw.txt",
            },
            _printed.Writer, _clock, _exitCode));

    /// <summary>The notice is told after the retry timer is started: once it shows, virtual time may move.</summary>
    private void AwaitLockedOut(int seconds) =>
        AwaitAssert(() => Assert.Contains(
            $"! too many failed attempts for alice (or from this address): the server checks no password for {seconds} s; trying again then", PrintedLines()), Wait);


    /// <summary>No new connection within a moment of real time (a retry comes at once when due: this fails only on a real bug).</summary>
    private static async Task AssertNoConnectionAsync(FakeChatServer server)
    {
        await Task.Delay(200);
        Assert.False(server.HasPendingConnection);
    }

    private async Task LockedOutAsync(FakeChatServer server, int retryAfter)
    {
        Assert.Equal($$"""{"type":"login","name":"alice","password":"{{Secret}}"}""", await server.ReadLineAsync());
        await server.WriteAsync($$"""{"type":"error","code":"too_many_attempts","message":"try later","retry_after":{{retryAfter}}}""" + "\n");
        AwaitLockedOut(retryAfter);
        await AccountSessionTests.ClosedAsync(server);

        Scheduler.Advance(TimeSpan.FromSeconds(retryAfter) - TimeSpan.FromMilliseconds(1));
        await AssertNoConnectionAsync(server);
        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        await server.AcceptAsync();
    }

    [Fact]
    public async Task At_start_a_locked_name_is_tried_again_on_a_fresh_connection_after_retry_after()
    {
        await using var server = FakeChatServer.Start();
        Start(server);
        await server.AcceptAsync();
        await LockedOutAsync(server, retryAfter: 30);

        Assert.Equal($$"""{"type":"login","name":"alice","password":"{{Secret}}"}""", await server.ReadLineAsync());
        await AccountSessionTests.WelcomeAsync(server);
        AwaitAssert(() => Assert.Contains(PrintedLines(), l => l.EndsWith("* alice joined (1 member)")), Wait);
        Assert.DoesNotContain(PrintedLines(), l => l.Contains(Secret));
    }

    [Fact]
    public async Task At_a_reconnect_a_locked_name_waits_retry_after_not_the_backoff()
    {
        await using var server = FakeChatServer.Start();
        Start(server);
        await server.AcceptAsync();
        await AccountSessionTests.NextAsync(server, "login");
        await AccountSessionTests.WelcomeAsync(server);
        AwaitAssert(() => Assert.Contains(PrintedLines(), l => l.EndsWith("* alice joined (1 member)")), Wait);

        server.CloseConnection();
        // The backoff's first delay (1 s, the randomness pinned to the middle): its timer is started before the line shows.
        AwaitAssert(() => Assert.Contains("! the server closed the connection; reconnecting in 0.8 s", PrintedLines()), Wait);
        Scheduler.Advance(TimeSpan.FromSeconds(0.75));
        await server.AcceptAsync();
        await LockedOutAsync(server, retryAfter: 120);

        Assert.Equal($$"""{"type":"login","name":"alice","password":"{{Secret}}"}""", await server.ReadLineAsync());
        await AccountSessionTests.WelcomeAsync(server);
        AwaitAssert(() => Assert.Contains("* reconnected as alice", PrintedLines()), Wait);
    }
}
