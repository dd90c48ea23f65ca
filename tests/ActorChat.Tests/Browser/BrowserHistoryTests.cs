using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Browser;

/// <summary>Scrollback: older messages come in pages, asked with <c>before</c> the oldest id shown.</summary>
public sealed class BrowserHistoryTests : BrowserTestBase
{
    [Fact]
    public async Task Scrolling_to_the_top_history_and_load_older_bring_the_whole_room_in_order_without_duplicates()
    {
        const int total = 180;
        var carol = await LoginRaw("carol");
        for (var i = 1; i <= total; i++) await carol.SendAsync(new SayRequest($"old {i}") { Id = i });
        await carol.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of(total));
        var stored = await WholeHistory(carol, "lobby");
        Assert.Equal(total, stored.Count);

        using var alice = OpenBrowser(1000, 700);
        alice.LogIn("alice");
        // The join brings the last 50.
        var shown = alice.WaitForMessages(50);
        Assert.Equal(Texts(total - 49, total), shown.Select(m => m.Text));
        Assert.Equal("more", alice.OlderState);

        // Scrolled to the top: the page before comes in above, and what was read stays in view.
        alice.ScrollToTop();
        shown = alice.WaitForMessages(100);
        Assert.Equal(Texts(total - 99, total), shown.Select(m => m.Text));
        Assert.True(Convert.ToDouble(alice.Script("return document.querySelector('#messages > .conversation-view:not([hidden])').scrollTop;")) > 100,
            "the older page went in above what was shown, without jumping to it");

        // The console client's /history does the same.
        alice.Say("/history");
        shown = alice.WaitForMessages(150);
        Assert.Equal(Texts(total - 149, total), shown.Select(m => m.Text));

        // So does the "Load older messages" button (here from the keyboard); a short page means the start of the room.
        alice.PressLoadOlder();
        shown = alice.WaitForMessages(total);
        alice.WaitUntil(_ => alice.OlderState == "none", "the start of the room reached");
        Assert.True(alice.IsDisplayed("#messages > .conversation-view:not([hidden]) .history-start"), "the start of the room is marked");
        Assert.False(alice.IsDisplayed("#messages > .conversation-view:not([hidden]) .load-older"), "nothing older to load");

        Assert.Equal(stored.Select(m => (m.Id, m.From, m.Text)), shown.Select(m => (m.Id, m.Sender, m.Text)));
        Assert.Equal(shown.Count, shown.Select(m => m.Id).Distinct().Count());

        // Scrolling to the top again asks nothing more; live messages still go at the end.
        alice.ScrollToTop();
        await carol.SendAsync(new SayRequest("new after paging") { Id = "new" });
        alice.WaitForMessage("new after paging");
        shown = alice.Messages();
        Assert.Equal(total + 1, shown.Count);
        Assert.Equal("new after paging", shown[^1].Text);
        AssertNoPageErrors(alice);
    }

    private static IEnumerable<string> Texts(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => $"old {i}");
}
