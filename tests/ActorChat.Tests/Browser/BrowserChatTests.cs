using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Browser;

/// <summary>The browser client in real Chromium against a real server: chatting with browsers and console-protocol users.</summary>
public sealed class BrowserChatTests : BrowserTestBase
{
    [Fact]
    public async Task Two_browser_users_and_a_console_user_see_each_others_messages_in_the_same_order()
    {
        var carol = await LoginRaw("carol");
        using var alice = OpenBrowser();
        alice.LogIn("alice");
        Assert.Equal("Welcome to ActorChat. Be kind; type /help for commands.", alice.Text("#motd"));

        // A refused name shows the server's words, and the form lets the user try another.
        using var bob = OpenBrowser();
        var (refusal, code) = bob.LogInRefused("ALICE");
        Assert.Equal("name_taken", code);
        Assert.Contains("ALICE", refusal, StringComparison.OrdinalIgnoreCase);
        (_, code) = bob.LogInRefused("bad name!");
        Assert.Equal("invalid_name", code);
        bob.LogIn("bob");
        alice.WaitUntil(_ => alice.Members().SequenceEqual(["alice", "bob", "carol"]), "alice sees the three members");

        // Everyone talks at once.
        var sent = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            alice.Say($"alice says {i}");
            bob.Say($"bob says {i}");
            await carol.SendAsync(new SayRequest($"carol says {i}") { Id = i });
            sent.AddRange([$"alice says {i}", $"bob says {i}", $"carol says {i}"]);
        }

        var carolSaw = new List<ChatMessage>();
        while (carolSaw.Count < sent.Count) carolSaw.Add(await carol.WaitForAsync<ChatMessage>());
        var order = carolSaw.Select(m => m.Text).ToList();
        Assert.Equal(sent.Order(), order.Order());

        foreach (var browser in new[] { alice, bob })
        {
            var shown = browser.WaitForMessages(sent.Count);
            Assert.Equal(order, shown.Select(m => m.Text));
            Assert.Equal(carolSaw.Select(m => m.Id), shown.Select(m => m.Id));
            Assert.Equal(carolSaw.Select(m => m.From), shown.Select(m => m.Sender));
            Assert.All(shown, m => Assert.Equal(m.Sender == browser.Name, m.Own));
            Assert.Empty(browser.PendingLines());
        }

        // One sender, one colour, in every browser; the colour is the stable hash of the name.
        var colours = alice.Messages().Concat(bob.Messages()).GroupBy(m => m.Sender).ToDictionary(g => g.Key, g => g.Select(m => m.SenderColour).Distinct().Single());
        Assert.Equal(3, colours.Count);
        Assert.Equal("c11", colours["alice"]);

        AssertNoPageErrors(alice);
        AssertNoPageErrors(bob);
    }

    [Fact]
    public async Task On_a_phone_sized_screen_logging_in_and_sending_work_and_the_input_stays_in_view()
    {
        var carol = await LoginRaw("carol");
        for (var i = 1; i <= 30; i++) await carol.SendAsync(new SayRequest($"earlier message {i} with enough words to wrap on a narrow phone screen") { Id = i });
        await carol.WaitForAsync<ChatMessage>(m => m.Ref == ActorChat.Messages.RequestRef.Of(30));

        using var phone = OpenBrowser(375, 667);
        Assert.Equal(375L, phone.Script("return window.innerWidth;"));
        Assert.True(phone.IsDisplayed("#login-name") && phone.IsDisplayed("#login-button"), "the login form is visible");
        phone.LogIn("alice");

        // The sidebar is a closed drawer; the conversation and its input fill the screen.
        Assert.False(phone.IsDisplayed("#room-list"), "the room list is folded away");
        Assert.True(phone.IsDisplayed("#toggle-sidebar"), "the drawer's button is shown");
        AssertInView(phone, "#message-input");
        AssertInView(phone, "#send-button");
        AssertInView(phone, "#tabs .tab[data-room='lobby']");
        Assert.Equal(375L, phone.Script("return document.documentElement.scrollWidth;"));
        phone.WaitForMessage("earlier message 30 with enough words to wrap on a narrow phone screen");

        var mine = phone.SayAndWait("hello from a phone");
        var heard = await carol.WaitForAsync<ChatMessage>(m => m.From == "alice");
        Assert.Equal((mine.Id, "hello from a phone"), (heard.Id, heard.Text));
        Assert.Equal("message-input", phone.Script("return document.activeElement.id;"));
        // The newest line is scrolled into view above the input.
        AssertInView(phone, $".message[data-id='{mine.Id}']");

        // The drawer opens over the chat with the rooms and people, and joining from it works.
        phone.JoinRoom("phones");
        Assert.False(phone.IsDisplayed("#room-list"), "the drawer closes after joining");
        phone.SayAndWait("small screens, big ideas");
        AssertInView(phone, "#message-input");
        phone.OpenTab("lobby");
        phone.WaitForMessage("hello from a phone");
        AssertNoPageErrors(phone);
    }

    private static void AssertInView(BrowserClient browser, string selector)
    {
        var box = (IReadOnlyList<object>)browser.Script(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, innerWidth, innerHeight];", selector)!;
        var (left, top, right, bottom, width, height) = (Convert.ToDouble(box[0]), Convert.ToDouble(box[1]), Convert.ToDouble(box[2]), Convert.ToDouble(box[3]), Convert.ToDouble(box[4]), Convert.ToDouble(box[5]));
        Assert.True(left >= 0 && top >= 0 && right <= width + 0.5 && bottom <= height + 0.5 && right > left && bottom > top,
            $"{selector} is at ({left}, {top})-({right}, {bottom}), outside the {width}x{height} viewport");
        Assert.True(browser.Find(selector).Displayed, $"{selector} is displayed");
    }
}
