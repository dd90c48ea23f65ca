using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Browser;

/// <summary>
/// The browser client across a server restart (same port, same SQLite store): it shows the loss,
/// reconnects with backoff, logs in again, rejoins its rooms, catches up on what they said
/// meanwhile (no gap, no duplicate), and sends what was typed while away, stored once.
/// </summary>
public sealed class BrowserReconnectTests : BrowserTestBase
{
    private static readonly TimeSpan Reconnecting = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_server_restart_costs_a_reconnect_and_nothing_else()
    {
        using var alice = OpenBrowser();
        alice.LogIn("alice");
        alice.JoinRoom("ops");
        alice.OpenTab("lobby");

        var bob = await LoginRaw("bob");
        await bob.SendAsync(new JoinRequest("ops") { Id = "j" });
        await bob.WaitForAsync<JoinedEvent>(j => j.Ref == RequestRef.Of("j"));
        for (var i = 1; i <= 3; i++) await bob.SendAsync(new SayRequest($"before-{i}") { Id = i });
        await bob.SendAsync(new SayRequest("ops before", "ops") { Id = "o1" });
        await bob.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("o1"));
        alice.WaitForMessage("before-3");
        alice.SayAndWait("alice before");
        alice.WaitUntil(_ => alice.Unread("ops") == 1, "bob's line in ops counted on its tab");

        // The server stops: the page says so and keeps trying.
        await StopServerAsync();
        alice.WaitForStatus("reconnecting", TimeSpan.FromSeconds(20));
        // Hold the page off (its next tries fail as against a stopped server) until the others have talked.
        Proxy.Cut();
        alice.Say("typed while away");
        var pending = alice.PendingLines();
        Assert.Equal("typed while away", Assert.Single(pending).Text);
        Assert.Equal("offline", pending[0].State);
        Assert.Matches("^w-[0-9a-f]{8}-[0-9]+$", pending[0].Ref);
        Assert.Equal("1", alice.Find("#status").GetDomAttribute("data-pending"));

        await StartServerAsync();
        var bobAgain = await LoginRaw("bob");
        await bobAgain.SendAsync(new JoinRequest("ops") { Id = "j" });
        await bobAgain.WaitForAsync<JoinedEvent>(j => j.Ref == RequestRef.Of("j"));
        // More than the 50 a join brings: the catch-up has to page back.
        for (var i = 1; i <= 60; i++) await bobAgain.SendAsync(new SayRequest($"away-{i}") { Id = i });
        await bobAgain.SendAsync(new SayRequest("ops away", "ops") { Id = "o2" });
        await bobAgain.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("o2"));
        Proxy.Restore();

        alice.WaitForStatus("online", Reconnecting);
        alice.WaitForMessage("typed while away", own: true, Reconnecting);
        await bobAgain.SendAsync(new SayRequest("after") { Id = "after" });
        alice.WaitForMessage("after");
        Assert.Empty(alice.PendingLines());

        // Shown once each, in the server's order, and exactly what the server stored.
        var stored = await WholeHistory(bobAgain, "lobby");
        string[] expected =
        [
            .. Enumerable.Range(1, 3).Select(i => $"before-{i}"), "alice before",
            .. Enumerable.Range(1, 60).Select(i => $"away-{i}"), "typed while away", "after",
        ];
        Assert.Equal(expected, stored.Select(m => m.Text));
        var shown = alice.Messages();
        Assert.Equal(stored.Select(m => (m.Id, m.From, m.Text)), shown.Select(m => (m.Id, m.Sender, m.Text)));
        Assert.Single(stored, m => m.Text == "typed while away");

        // The other room was rejoined and caught up too, its news counted on its tab.
        Assert.Equal(2, alice.Unread("ops"));
        alice.OpenTab("ops");
        Assert.Equal(["ops before", "ops away"], alice.Messages().Select(m => m.Text));
        alice.WaitUntil(_ => alice.Members().SequenceEqual(["alice", "bob"]), "the members of ops after the rejoin");
        Assert.Equal(0, alice.Unread("ops"));
        AssertNoPageErrors(alice);
    }
}
