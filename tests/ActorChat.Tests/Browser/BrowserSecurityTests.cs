using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Browser;

/// <summary>Whatever comes from the network is shown as text, never run or rendered as markup; the page keeps the server's CSP.</summary>
public sealed class BrowserSecurityTests : BrowserTestBase
{
    private const string ImgMarkup = "<img src=x onerror=alert(1)>";

    protected override string? Motd => "Read the <b>rules</b> & <img src=x onerror=alert(2)>";

    [Fact]
    public async Task Markup_in_messages_and_in_the_motd_shows_as_the_characters_typed()
    {
        var mallory = await LoginRaw("mallory");
        using var alice = OpenBrowser();
        // alert() would stop the page (and the test) if markup were ever rendered and run.
        alice.LogIn("alice");
        alice.Script("window.__alerts = 0; window.alert = () => { window.__alerts++; };");

        await mallory.SendAsync(new SayRequest(ImgMarkup) { Id = "x1" });
        await mallory.SendAsync(new SayRequest("<script>alert(3)</script><a href=\"javascript:alert(4)\">click</a> &amp; &lt;b&gt;") { Id = "x2" });
        await mallory.SendAsync(new DmRequest("alice", "<b onmouseover=alert(5)>dm</b>") { Id = "x3" });
        await mallory.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("x3"));
        alice.SayAndWait("<i>mine</i> too: " + ImgMarkup);

        var shown = alice.WaitForMessage(ImgMarkup);
        Assert.Equal(ImgMarkup, shown.Text);
        alice.WaitForMessage("<script>alert(3)</script><a href=\"javascript:alert(4)\">click</a> &amp; &lt;b&gt;");
        Assert.Equal("Read the <b>rules</b> & <img src=x onerror=alert(2)>", alice.Text("#motd"));

        alice.OpenDirectTab("mallory");
        alice.WaitForMessage("<b onmouseover=alert(5)>dm</b>");

        // Not one element was made from the network's text: no img, b, i, script, and no link but
        // the http(s) ones the page makes itself (none here).
        var made = (long)alice.Script(
            "return document.querySelectorAll('#messages img, #messages b, #messages i, #messages script, #messages a, #motd *, #tabs img, #member-list img').length;")!;
        Assert.Equal(0, made);
        Assert.Equal(0L, alice.Script("return window.__alerts;"));
        AssertNoPageErrors(alice);
    }

    [Fact]
    public async Task Links_in_text_are_plain_http_links_and_nothing_else()
    {
        var bob = await LoginRaw("bob");
        using var alice = OpenBrowser();
        alice.LogIn("alice");
        const string text = "docs at https://example.com/a?b=1&c=<2>. and javascript:alert(1) and http://x.test/";
        await bob.SendAsync(new SayRequest(text) { Id = 1 });
        Assert.Equal(text, alice.WaitForMessage(text).Text);
        var links = (IReadOnlyList<object>)alice.Script(
            "return Array.from(document.querySelectorAll('#messages .text a')).map(a => a.protocol + ' ' + a.textContent + ' ' + a.rel);")!;
        Assert.Equal(["https: https://example.com/a?b=1&c= noopener noreferrer nofollow", "http: http://x.test/ noopener noreferrer nofollow"], links.Cast<string>());
        AssertNoPageErrors(alice);
    }
}
