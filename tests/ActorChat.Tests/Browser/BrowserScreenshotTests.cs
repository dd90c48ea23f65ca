using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Browser;

/// <summary>
/// A realistic chat in the browser client (a few users, two rooms, a direct conversation,
/// unread counts), checked and photographed: the picture is docs/images/browser-client.png.
/// </summary>
public sealed class BrowserScreenshotTests : BrowserTestBase
{
    /// <summary>Set to 1 to (re)write docs/images/browser-client.png in the source tree; otherwise the picture goes to the test output folder only.</summary>
    public const string WriteDocsVariable = "ACTORCHAT_WRITE_SCREENSHOT";

    protected override string? Motd => "Welcome to ActorChat! Be kind, stay on topic, and type /help for the commands.";

    [Fact]
    [Trait("Category", "Screenshot")]
    public async Task A_realistic_chat_with_rooms_unread_counts_and_a_direct_conversation()
    {
        var carol = await LoginRaw("carol");
        var dave = await LoginRaw("dave");
        var erin = await LoginRaw("erin");
        await Say(carol, "Morning all! The coffee machine on floor 3 is fixed ☕");
        await Say(dave, "Finally. The release notes draft is up: https://example.com/notes/2.0");

        // alice holds an account (the badge in the top bar); the others are guests.
        using var alice = OpenBrowser(1200, 760);
        alice.Register("alice", "correct horse battery");
        alice.WaitForMessages(2);
        alice.SayAndWait("Thanks dave, reading it now.");
        await Say(erin, "Two typos in section 3, otherwise good to go");
        await Say(carol, "alice, can you look at the WebSocket part today?");
        alice.WaitForMessage("alice, can you look at the WebSocket part today?");
        Assert.Equal(["alice", "carol", "dave", "erin"], alice.Members());

        // A second room: alice joins it from the sidebar; the lobby talks on behind its tab.
        await carol.SendAsync(new JoinRequest("design") { Id = "cj" });
        await carol.WaitForAsync<JoinedEvent>(j => j.Ref == RequestRef.Of("cj"));
        await Say(carol, "Mock-ups for the phone layout are in the shared folder.", "design");
        alice.JoinRoom("design");
        alice.WaitForMessage("Mock-ups for the phone layout are in the shared folder.");
        alice.SayAndWait("Looks great. The tabs collapse nicely at 375 px.");
        await Say(dave, "Standup in 5 minutes");
        alice.WaitUntil(_ => alice.Unread("lobby") == 1, "the lobby's news counted on its tab");

        // A direct message opens its own tab; clicking a member opens another; a plain line there is a dm.
        await dave.SendAsync(new DmRequest("alice", "Got a minute after standup?") { Id = "d4" });
        alice.WaitUntil(_ => alice.FindAll("#tabs .tab[data-dm='dave']").Count == 1 && alice.UnreadDirect("dave") == 1, "dave's direct message on its own tab");
        alice.ClickMember("carol");
        alice.SayAndWait("Sure, I'll take the WebSocket part.");
        var carolGot = await carol.WaitForAsync<ChatMessage>(m => m.IsDirect);
        Assert.Equal(("alice", "carol", "Sure, I'll take the WebSocket part."), (carolGot.From, carolGot.To, carolGot.Text));

        // Back to the lobby; design goes on without alice watching.
        alice.OpenTab("lobby");
        Assert.Equal(0, alice.Unread("lobby"));
        await Say(erin, "Standup notes: https://example.com/standup — add yours\nbefore 10:00 please");
        await Say(carol, "Then let's ship it and fix the rest in 2.1", "design");
        await Say(carol, "(the dark theme too)", "design");
        alice.WaitUntil(_ => alice.Unread("design") == 2, "two unread messages on design's tab");
        Assert.Equal(1, alice.UnreadDirect("dave"));
        Assert.StartsWith("(3) ", alice.Driver.Title);
        alice.SayAndWait("On my way!");
        AssertNoPageErrors(alice);

        var output = Path.Combine(AppContext.BaseDirectory, "screenshots", "browser-client.png");
        alice.SaveScreenshot(output);
        if (Environment.GetEnvironmentVariable(WriteDocsVariable) == "1")
            File.Copy(output, Path.Combine(RepositoryRoot.Path, "docs", "images", "browser-client.png"), overwrite: true);
    }

    private static int _said;

    private static async Task Say(RawClient client, string text, string room = "lobby")
    {
        var id = "s" + Interlocked.Increment(ref _said);
        await client.SendAsync(new SayRequest(text, room) { Id = id });
        await client.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of(id));
    }
}
