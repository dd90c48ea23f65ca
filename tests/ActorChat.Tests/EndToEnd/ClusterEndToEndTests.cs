using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// Rooms sharded over an Akka.Cluster: two and three whole servers in this process on loopback
/// (real sockets for clients and between nodes), one PostgreSQL database. Members on different
/// nodes chat in one room in one order, names are unique across nodes, direct messages and
/// <c>who</c>/<c>rooms</c> cross nodes, and a room whose node leaves moves without losing or
/// reordering a message.
/// </summary>
public sealed class ClusterEndToEndTests : TwoNodeClusterTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static async Task<RawClient> JoinAsync(ActorChat.Server.Hosting.ChatServer node, string name, string room)
    {
        var client = await RawClient.LoginAsync(node.EndPoint, name);
        await client.SendAsync(new JoinRequest(room) { Id = "j" });
        await client.WaitForAsync<JoinedEvent>(j => j.Ref == RequestRef.Of("j"), Wait);
        return client;
    }

    [SkippableFact]
    public async Task Members_on_two_nodes_chat_in_one_room_in_one_order()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var alice = await JoinAsync(Cluster[0], "alice", "dev");
        await using var bob = await JoinAsync(Cluster[1], "bob", "dev");
        await alice.WaitForAsync<JoinedEvent>(j => j.Name == "bob" && j.Room == "dev", Wait);

        for (var i = 0; i < 20; i++)
        {
            await alice.SendAsync(new SayRequest($"a{i}", "dev") { Id = i });
            await bob.SendAsync(new SayRequest($"b{i}", "dev") { Id = i });
        }
        var seenByAlice = new List<ChatMessage>();
        var seenByBob = new List<ChatMessage>();
        while (seenByAlice.Count < 40) seenByAlice.Add(await alice.WaitForAsync<ChatMessage>(timeout: Wait));
        while (seenByBob.Count < 40) seenByBob.Add(await bob.WaitForAsync<ChatMessage>(timeout: Wait));

        Assert.Equal(seenByAlice.Select(m => (m.Id, m.From, m.Text)), seenByBob.Select(m => (m.Id, m.From, m.Text)));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), seenByAlice.Select(m => m.Id));
        Assert.All(seenByAlice.Where(m => m.From == "alice"), m => Assert.NotNull(m.Ref)); // each its own acknowledgement
        Assert.All(seenByAlice.Where(m => m.From == "bob"), m => Assert.Null(m.Ref));

        await bob.SendAsync(new WhoRequest("dev") { Id = "w" });
        Assert.Equal(["alice", "bob"], (await bob.WaitForAsync<WhoEvent>(timeout: Wait)).Members);
        await alice.SendAsync(new RoomsRequest { Id = "r" });
        var rooms = await alice.WaitForAsync<RoomsEvent>(timeout: Wait);
        Assert.Contains(new RoomSummary("dev", 2), rooms.Rooms);
        Assert.Contains(new RoomSummary(ProtocolInfo.Lobby, 2), rooms.Rooms);
    }

    [SkippableFact]
    public async Task A_name_is_unique_across_nodes_and_direct_messages_cross_them()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var alice = await RawClient.LoginAsync(Cluster[0].EndPoint, "alice");
        await using var impostor = await RawClient.ConnectAsync(Cluster[1].EndPoint);
        await impostor.SendAsync(new LoginRequest("ALICE") { Id = "l" });
        var refused = await impostor.WaitForAsync<ErrorEvent>(timeout: Wait);
        Assert.Equal((ErrorCodes.NameTaken, RequestRef.Of("l")), (refused.Code, refused.Ref));

        await impostor.SendAsync(new LoginRequest("bob") { Id = "l2" });
        await impostor.WaitForAsync<WelcomeEvent>(timeout: Wait);
        await alice.SendAsync(new DmRequest("BOB", "psst") { Id = "d" });
        var dm = await impostor.WaitForAsync<ChatMessage>(timeout: Wait);
        Assert.Equal(("alice", "bob", "psst"), (dm.From, dm.To, dm.Text));
        var own = await alice.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("d"), Wait);
        Assert.Equal(dm.Id, own.Id);
    }

    [SkippableFact]
    public async Task An_account_is_checked_in_one_place_a_login_on_another_node_replaces_and_failures_add_up_across_nodes()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var first = await RawClient.ConnectAsync(Cluster[0].EndPoint);
        Assert.True((await first.LoginAsync("alice", "alice's password", register: true)).Account);

        await using var second = await RawClient.ConnectAsync(Cluster[1].EndPoint);
        Assert.True((await second.LoginAsync("Alice", "alice's password")).Account);
        Assert.Equal(new ByeEvent(ByeReasons.Replaced), await first.WaitForAsync<ByeEvent>(timeout: Wait));

        // Five wrong passwords, on both nodes, lock the name on both (the limit is per name, cluster-wide).
        await using var guesser0 = await RawClient.ConnectAsync(Cluster[0].EndPoint);
        await using var guesser1 = await RawClient.ConnectAsync(Cluster[1].EndPoint);
        for (var i = 0; i < 5; i++)
        {
            var guesser = i % 2 == 0 ? guesser0 : guesser1;
            await guesser.SendAsync(new LoginRequest("alice", new Password("wrong guess " + i)));
            Assert.Equal(ErrorCodes.BadPassword, (await guesser.WaitForAsync<ErrorEvent>(timeout: Wait)).Code);
        }
        await guesser1.SendAsync(new LoginRequest("alice", new Password("alice's password")));
        Assert.Equal(ErrorCodes.TooManyAttempts, (await guesser1.WaitForAsync<ErrorEvent>(timeout: Wait)).Code);
    }

    [SkippableFact]
    public async Task A_room_whose_node_leaves_moves_to_another_without_losing_or_reordering_a_message()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Cluster.StartNodeAsync();
        // A who starts the room's shard on some node; the two members go to the other two.
        await using (var scout = await RawClient.LoginAsync(Cluster[0].EndPoint, "scout"))
        {
            await scout.SendAsync(new WhoRequest("dev") { Id = "w" });
            await scout.WaitForAsync<WhoEvent>(timeout: Wait);
        }
        var leaving = await Cluster.NodeRunningShardAsync(new ActorChat.Server.Rooms.WhoQuery("dev", null));
        var staying = Cluster.Nodes.Where(n => n != leaving).ToList();
        await using var poster = await JoinAsync(staying[0], "bob", "dev");
        await using var reader = await JoinAsync(staying[1], "carol", "dev");

        var acknowledged = new List<long>();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                await poster.SendAsync(new SayRequest($"m{i}", "dev") { Id = i });
                await Task.Delay(20);
            }
        });
        await Task.Delay(300);
        await leaving.DisposeAsync(); // SIGTERM's path: bye to its clients, its shards handed off
        await sending;
        await poster.SendAsync(new SayRequest("last", "dev") { Id = "last" });

        // The poster's own copies are its acknowledgements; a post lost in the hand-off has none.
        var seenByPoster = new List<ChatMessage>();
        while (seenByPoster.LastOrDefault()?.Text != "last") seenByPoster.Add(await poster.WaitForAsync<ChatMessage>(timeout: Wait));
        acknowledged.AddRange(seenByPoster.Where(m => m.Ref is not null).Select(m => m.Id));
        var seenByReader = new List<ChatMessage>();
        while (seenByReader.LastOrDefault()?.Text != "last") seenByReader.Add(await reader.WaitForAsync<ChatMessage>(timeout: Wait));

        Assert.Equal(seenByPoster.Select(m => m.Id), seenByReader.Select(m => m.Id)); // one order, nothing twice
        Assert.Equal(seenByReader.Select(m => m.Id).Order(), seenByReader.Select(m => m.Id));
        Assert.Subset(seenByReader.Select(m => m.Id).ToHashSet(), acknowledged.ToHashSet());
        Assert.True(acknowledged.Count >= 50, $"only {acknowledged.Count} of 61 posts acknowledged across the hand-off");

        await reader.SendAsync(new HistoryRequest("dev", Limit: 200) { Id = "h" });
        var history = await reader.WaitForAsync<HistoryEvent>(h => h.Ref == RequestRef.Of("h"), Wait);
        Assert.Equal(seenByReader.Select(m => (m.Id, m.Text)), history.Messages.Select(m => (m.Id, m.Text)));
    }

    [SkippableFact]
    public async Task A_room_passivated_again_and_again_mid_traffic_loses_nothing()
    {
        Skip.If(SkipReason is not null, SkipReason);
        // Each round the room empties (and asks to be passivated) while the next member's join and
        // posts are already on their way, from the other node: they reach the stopping incarnation
        // or the next one, never nowhere.
        await using var alice = await RawClient.LoginAsync(Cluster[0].EndPoint, "alice");
        await using var bob = await RawClient.LoginAsync(Cluster[1].EndPoint, "bob");
        var acknowledged = new List<(long Id, string Text)>();
        for (var round = 0; round < 10; round++)
        {
            var (stays, goes) = round % 2 == 0 ? (alice, bob) : (bob, alice);
            await stays.SendAsync(new JoinRequest("churn") { Id = $"j{round}" });
            await goes.SendAsync(new LeaveRequest("churn") { Id = $"l{round}" });
            await stays.SendAsync(new SayRequest($"round {round}", "churn") { Id = $"s{round}" });
            var own = await stays.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of($"s{round}"), Wait);
            acknowledged.Add((own.Id, own.Text));
        }

        await alice.SendAsync(new HistoryRequest("churn", Limit: 50) { Id = "h" });
        var history = await alice.WaitForAsync<HistoryEvent>(h => h.Ref == RequestRef.Of("h"), Wait);
        Assert.Equal(acknowledged, history.Messages.Select(m => (m.Id, m.Text)));
    }

    [SkippableFact]
    public async Task A_post_re_sent_on_another_node_after_a_lost_connection_is_stored_once()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await using var bob = await JoinAsync(Cluster[1], "bob", "dev");
        var first = await JoinAsync(Cluster[0], "alice", "dev");
        await first.SendAsync(new SayRequest("did it arrive?", "dev") { Id = "m-1" });
        await first.SendAsync(new DmRequest("bob", "and this?") { Id = "m-2" });
        var (stored, storedDm) = await BothAnswersAsync(first);
        first.Reset(); // the connection is lost: alice cannot know whether her lines were stored

        await using var again = await LoginWhenFreeAsync(Cluster[1], "alice");
        await again.SendAsync(new JoinRequest("dev") { Id = "j" });
        await again.WaitForAsync<JoinedEvent>(j => j.Ref == RequestRef.Of("j"), Wait);
        await again.SendAsync(new SayRequest("did it arrive?", "dev") { Id = "m-1" });
        await again.SendAsync(new DmRequest("bob", "and this?") { Id = "m-2" });
        var (answer, dmAnswer) = await BothAnswersAsync(again);
        Assert.Equal((stored.Id, stored.Time), (answer.Id, answer.Time));
        Assert.Equal((storedDm.Id, storedDm.Time), (dmAnswer.Id, dmAnswer.Time));

        await again.SendAsync(new SayRequest("and now something new", "dev") { Id = "m-3" });
        var seenByBob = new List<ChatMessage>();
        while (seenByBob.LastOrDefault()?.Text != "and now something new") seenByBob.Add(await bob.WaitForAsync<ChatMessage>(timeout: Wait));
        Assert.Equal(["and now something new", "and this?", "did it arrive?"], seenByBob.Select(m => m.Text).Order()); // each once (a dm and the room's lines need not come in one order)
    }

    /// <summary>The answers to m-1 (the say) and m-2 (the dm), in whichever order they come.</summary>
    private static async Task<(ChatMessage Say, ChatMessage Dm)> BothAnswersAsync(RawClient client)
    {
        ChatMessage? say = null, dm = null;
        while (say is null || dm is null)
        {
            var answer = await client.WaitForAsync<ChatMessage>(m => m.Ref is not null, Wait);
            if (answer.Ref == RequestRef.Of("m-1")) say = answer;
            if (answer.Ref == RequestRef.Of("m-2")) dm = answer;
        }
        return (say, dm);
    }

    /// <summary>Logs in as soon as the name is free again (the old connection's end takes a moment to be noticed).</summary>
    private static async Task<RawClient> LoginWhenFreeAsync(ActorChat.Server.Hosting.ChatServer node, string name)
    {
        for (var attempt = 0; ; attempt++)
        {
            var client = await RawClient.ConnectAsync(node.EndPoint);
            await client.SendAsync(new LoginRequest(name));
            if (await client.NextAsync(Wait) is WelcomeEvent)
            {
                await client.ExpectAsync<HistoryEvent>();
                await client.ExpectAsync<JoinedEvent>();
                return client;
            }
            await client.DisposeAsync();
            if (attempt > 50) throw new TimeoutException($"{name} stayed taken");
            await Task.Delay(100);
        }
    }
}
