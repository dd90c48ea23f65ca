using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary><c>stats</c> (an ActorChat addition) over a real socket: the server's counts as they change.</summary>
public class StatsEndToEndTests : ServerTestBase
{
    private static async Task<StatsEvent> Stats(RawClient client, string id)
    {
        await client.SendAsync(new StatsRequest { Id = id });
        return await client.WaitForAsync<StatsEvent>(s => s.Ref == RequestRef.Of(id));
    }

    [Fact]
    public async Task Two_logged_in_clients_see_the_servers_sessions_users_rooms_and_conversations()
    {
        await using var alice = await Login("alice");
        await using var bob = await Login("bob");

        // two sessions, two users, the lobby, no direct conversation yet
        Assert.Equal(new StatsEvent(2, 2, 1, 0) { Ref = "s1" }, await Stats(alice, "s1"));

        await bob.SendAsync(new JoinRequest("dev"));
        await bob.WaitForAsync<JoinedEvent>(j => j.Room == "dev");
        await alice.SendAsync(new DmRequest("bob", "psst") { Id = "d" });
        await alice.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("d"));
        Assert.Equal(new StatsEvent(2, 2, 2, 1) { Ref = "s2" }, await Stats(alice, "s2"));

        // bob leaves: his session, his name, the room only he was in and the pair's conversation go
        await bob.SendAsync(new QuitRequest());
        await bob.WaitForAsync<ByeEvent>();
        await bob.ExpectClosedAsync();
        await Eventually.TrueAsync(async () => await Stats(alice, "s3") == new StatsEvent(1, 1, 1, 0) { Ref = "s3" },
            "the counts come back to one client alone in the lobby");
    }

    [Fact]
    public async Task Stats_needs_a_login_and_counts_a_connection_that_has_not_logged_in_as_a_session()
    {
        await using var anonymous = await Connect();
        await anonymous.SendAsync(new StatsRequest { Id = 1 });
        var refused = await anonymous.ExpectAsync<ErrorEvent>();
        Assert.Equal((ErrorCodes.NotLoggedIn, RequestRef.Of(1)), (refused.Code, refused.Ref));

        await using var alice = await Login("alice");
        var stats = await Stats(alice, "s");
        Assert.Equal((2, 1), (stats.Sessions, stats.Users));
    }

    [Fact]
    public async Task The_stats_frame_is_written_as_docs_protocol_md_shows_it()
    {
        await using var alice = await Login("alice");
        await alice.SendRawAsync("{\"type\":\"stats\",\"id\":\"s1\"}\n");
        var frame = await alice.NextAsync();
        Assert.Equal("{\"type\":\"stats\",\"sessions\":1,\"users\":1,\"rooms\":1,\"conversations\":0,\"ref\":\"s1\"}", ProtocolSerializer.ToJson(frame));
    }
}
