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
}
