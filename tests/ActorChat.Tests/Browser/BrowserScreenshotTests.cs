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
        await carol.SendAsync(new SayRequest("Morning all! Coffee machine on floor 3 is fixed ☕") { Id = "c1" });
        await carol.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("c1"));
        await dave.SendAsync(new SayRequest("Finally. Release notes draft is up: https://example.com/notes/2.0") { Id = "d1" });
        await dave.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("d1"));

        using var alice = OpenBrowser(1200, 760);
        alice.LogIn("alice");
        alice.WaitForMessages(2);
        alice.SayAndWait("Thanks dave, reading it now.");
        await carol.SendAsync(new SayRequest("alice, can you look at the WebSocket part today?") { Id = "c2" });
        alice.WaitForMessage("alice, can you look at the WebSocket part today?");

        // A second room: alice joins it; the lobby goes on talking behind its tab.
        await carol.SendAsync(new JoinRequest("design") { Id = "cj" });
        await carol.WaitForAsync<JoinedEvent>(j => j.Ref == RequestRef.Of("cj"));
        await carol.SendAsync(new SayRequest("Mock-ups for the phone layout are in the shared folder.", "design") { Id = "c3" });
        await carol.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("c3"));
        alice.JoinRoom("design");
        alice.WaitForMessage("Mock-ups for the phone layout are in the shared folder.");
        alice.SayAndWait("Looks great. The tabs collapse nicely at 375 px.");
        await carol.SendAsync(new SayRequest("Then let's ship it\nand fix the rest in 2.1", "design") { Id = "c4" });
        alice.WaitForMessage("Then let's ship it\nand fix the rest in 2.1");

        await dave.SendAsync(new SayRequest("Standup in 5 minutes") { Id = "d2" });
        await dave.SendAsync(new SayRequest("(in the big room this time)") { Id = "d3" });
        alice.WaitUntil(_ => alice.Unread("lobby") == 2, "two unread messages on the lobby's tab");
        await dave.SendAsync(new DmRequest("alice", "Got a minute after standup?") { Id = "d4" });
        alice.WaitUntil(_ => alice.FindAll("#tabs .tab[data-dm='dave']").Count == 1 && alice.UnreadDirect("dave") == 1, "dave's direct message on its own tab");
        Assert.Equal(0, alice.Unread("design"));

        // Clicking a member opens a direct conversation; a plain line there is a dm.
        alice.ClickMember("carol");
        alice.SayAndWait("Sure, I'll take the WebSocket part.");
        var carolGot = await carol.WaitForAsync<ChatMessage>(m => m.IsDirect);
        Assert.Equal(("alice", "carol", "Sure, I'll take the WebSocket part."), (carolGot.From, carolGot.To, carolGot.Text));
        alice.OpenTab("design");
        Assert.Equal(["alice", "carol"], alice.Members());
        Assert.Equal(2, alice.Unread("lobby"));
        Assert.Equal(1, alice.UnreadDirect("dave"));
        Assert.Contains("(3)", alice.Driver.Title);
        alice.Say("Typing the next mock-up review agenda…");
        alice.WaitForMessage("Typing the next mock-up review agenda…", own: true);
        AssertNoPageErrors(alice);

        var output = Path.Combine(AppContext.BaseDirectory, "screenshots", "browser-client.png");
        alice.SaveScreenshot(output);
        if (Environment.GetEnvironmentVariable(WriteDocsVariable) == "1")
            File.Copy(output, Path.Combine(RepositoryRoot.Path, "docs", "images", "browser-client.png"), overwrite: true);
    }
}
