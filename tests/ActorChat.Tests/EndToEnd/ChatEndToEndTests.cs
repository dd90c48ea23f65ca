using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>The server in-process on a loopback port, and clients on real sockets.</summary>
public class ChatEndToEndTests : ServerTestBase
{
    [Fact]
    public async Task Two_people_log_in_see_each_other_chat_and_one_quits()
    {
        await using var alice = await Login("alice");
        await using var bob = await Login("bob");
        Assert.Equal(new JoinedEvent("lobby", "bob", 2), await alice.ExpectAsync<JoinedEvent>());

        await alice.SendAsync(new SayRequest("Good morning everyone!") { Id = "m1" });
        var own = await alice.ExpectAsync<ChatMessage>();
        var seen = await bob.ExpectAsync<ChatMessage>();
        Assert.Equal((1L, "lobby", "alice", "Good morning everyone!"), (seen.Id, seen.Room, seen.From, seen.Text));
        Assert.Equal(seen with { Ref = "m1" }, own);
        Assert.True((DateTime.UtcNow - seen.Time).Duration() < TimeSpan.FromMinutes(1));

        await bob.SendAsync(new QuitRequest { Id = 9 });
        Assert.Equal(new ByeEvent(ByeReasons.Quit) { Ref = 9 }, await bob.ExpectAsync<ByeEvent>());
        await bob.ExpectClosedAsync();
        Assert.Equal(new LeftEvent("lobby", "bob", 1, ByeReasons.Quit), await alice.ExpectAsync<LeftEvent>());
    }

    [Fact]
    public async Task A_taken_name_is_refused_whatever_its_case_and_another_works_on_the_same_connection()
    {
        await using var alice = await Login("alice");
        await using var second = await Connect();
        await second.SendAsync(new LoginRequest("ALICE") { Id = "l1" });
        var error = await second.ExpectAsync<ErrorEvent>();
        Assert.Equal((ErrorCodes.NameTaken, RequestRef.Of("l1")), (error.Code, error.Ref));

        await second.SendAsync(new LoginRequest("alice2"));
        Assert.Equal("alice2", (await second.ExpectAsync<WelcomeEvent>()).Name);
    }

    [Fact]
    public async Task Everyone_receives_the_room_messages_in_one_order()
    {
        var clients = new List<RawClient>();
        foreach (var name in new[] { "ann", "ben", "cat" }) clients.Add(await Login(name));
        await clients[0].WaitForAsync<JoinedEvent>(j => j.Name == "cat");
        await clients[1].WaitForAsync<JoinedEvent>(j => j.Name == "cat");

        const int perClient = 50;
        await Task.WhenAll(clients.Select(async c =>
        {
            for (var i = 0; i < perClient; i++) await c.SendAsync(new SayRequest($"{c.Name}-{i}"));
        }));

        var views = await Task.WhenAll(clients.Select(async c =>
        {
            var seen = new List<ChatMessage>();
            while (seen.Count < perClient * clients.Count) seen.Add(await c.WaitForAsync<ChatMessage>());
            return seen;
        }));

        Assert.Equal(Enumerable.Range(1, perClient * 3).Select(i => (long)i), views[0].Select(m => m.Id));
        Assert.All(views, v => Assert.Equal(views[0].Select(m => (m.Id, m.Text)), v.Select(m => (m.Id, m.Text))));
        foreach (var c in clients)
            Assert.Equal(Enumerable.Range(0, perClient).Select(i => $"{c.Name}-{i}"),
                views[0].Where(m => m.From == c.Name).Select(m => m.Text)); // each sender's order kept

        // history returns the same order, from the store beyond the 100 kept in memory
        await clients[0].SendAsync(new HistoryRequest("lobby", Limit: 200));
        var history = await clients[0].WaitForAsync<HistoryEvent>();
        Assert.Equal(views[0].Select(m => (m.Id, m.Text, m.From, m.Time)), history.Messages.Select(m => (m.Id, m.Text, m.From, m.Time)));
        foreach (var c in clients) await c.DisposeAsync();
    }

    [Fact]
    public async Task Direct_messages_reach_one_person_and_unknown_names_are_errors()
    {
        await using var alice = await Login("alice");
        await using var bob = await Login("bob");
        await using var carol = await Login("carol");

        await alice.SendAsync(new DmRequest("BOB", "psst") { Id = "d" });
        var received = await bob.WaitForAsync<ChatMessage>();
        Assert.Equal((1L, "bob", "alice", "psst", (string?)null), (received.Id, received.To, received.From, received.Text, received.Room));
        Assert.Equal(received with { Ref = "d" }, await alice.WaitForAsync<ChatMessage>());

        await alice.SendAsync(new DmRequest("nobody", "hello?") { Id = 2 });
        var error = await alice.WaitForAsync<ErrorEvent>();
        Assert.Equal((ErrorCodes.NoSuchUser, RequestRef.Of(2)), (error.Code, error.Ref));

        // carol saw no private message: her next chat frame is a later room post
        await bob.SendAsync(new SayRequest("public"));
        Assert.Equal("public", (await carol.WaitForAsync<ChatMessage>()).Text);
    }

    [Fact]
    public async Task Join_leave_who_and_rooms()
    {
        await using var alice = await Login("alice");
        await using var bob = await Login("bob");
        await alice.WaitForAsync<JoinedEvent>(j => j.Name == "bob");

        await alice.SendAsync(new JoinRequest("dev") { Id = "j" });
        Assert.Equal(new HistoryEvent("dev", []) { Ref = "j" }, await alice.ExpectAsync<HistoryEvent>());
        Assert.Equal(new JoinedEvent("dev", "alice", 1) { Ref = "j" }, await alice.ExpectAsync<JoinedEvent>());

        await bob.SendAsync(new JoinRequest("DEV"));
        await bob.WaitForAsync<JoinedEvent>(j => j.Room == "dev");
        Assert.Equal(new JoinedEvent("dev", "bob", 2), await alice.WaitForAsync<JoinedEvent>(j => j.Room == "dev"));

        await bob.SendAsync(new SayRequest("in dev", "dev"));
        Assert.Equal(("dev", "in dev"), ((await alice.WaitForAsync<ChatMessage>()).Room, "in dev"));

        await alice.SendAsync(new WhoRequest("dev") { Id = "w" });
        Assert.Equal(new WhoEvent("dev", ["alice", "bob"]) { Ref = "w" }, await alice.WaitForAsync<WhoEvent>());

        await alice.SendAsync(new RoomsRequest { Id = "r" });
        Assert.Equal(new RoomsEvent([new RoomSummary("dev", 2), new RoomSummary("lobby", 2)]) { Ref = "r" }, await alice.WaitForAsync<RoomsEvent>());

        await bob.SendAsync(new LeaveRequest("dev") { Id = "l" });
        Assert.Equal(new LeftEvent("dev", "bob", 1, LeftReasons.Leave) { Ref = "l" }, await bob.WaitForAsync<LeftEvent>());
        Assert.Equal(new LeftEvent("dev", "bob", 1, LeftReasons.Leave), await alice.WaitForAsync<LeftEvent>());

        await bob.SendAsync(new SayRequest("still here?", "dev") { Id = "s" });
        var error = await bob.WaitForAsync<ErrorEvent>();
        Assert.Equal((ErrorCodes.NotInRoom, RequestRef.Of("s")), (error.Code, error.Ref));
    }

    [Fact]
    public async Task Bad_frames_get_errors_the_connection_survives_and_others_carry_on()
    {
        await using var alice = await Login("alice");
        await using var mallory = await Login("mallory");
        await alice.WaitForAsync<JoinedEvent>(j => j.Name == "mallory");

        await mallory.SendRawAsync("this is not json\n");
        Assert.Equal(ErrorCodes.BadJson, (await mallory.ExpectAsync<ErrorEvent>()).Code);
        await mallory.SendRawAsync([0xFF, 0xFE, (byte)'\n']);
        Assert.Equal(ErrorCodes.BadJson, (await mallory.ExpectAsync<ErrorEvent>()).Code);
        await mallory.SendRawAsync("[1,2,3]\n");
        Assert.Equal(ErrorCodes.BadJson, (await mallory.ExpectAsync<ErrorEvent>()).Code);
        await mallory.SendRawAsync("{\"type\":\"teleport\",\"id\":1}\n");
        Assert.Equal(ErrorCodes.UnknownType, (await mallory.ExpectAsync<ErrorEvent>()).Code);
        await mallory.SendRawAsync("{\"type\":\"say\"}\n");
        Assert.Equal(ErrorCodes.BadRequest, (await mallory.ExpectAsync<ErrorEvent>()).Code);
        await mallory.SendRawAsync("{\"type\":\"say\",\"text\":\"" + new string('x', 40_000) + "\"}\n");
        Assert.Equal(ErrorCodes.FrameTooLarge, (await mallory.ExpectAsync<ErrorEvent>()).Code);
        await mallory.SendRawAsync("{\"type\":\"say\",\"text\":\"\\u001b[2J\"}\n");
        Assert.Equal(ErrorCodes.InvalidText, (await mallory.ExpectAsync<ErrorEvent>()).Code);
        await mallory.SendRawAsync("{\"type\":\"say\",\"text\":\"hi\",\"from\":\"alice\"}\r\n\r\n");
        Assert.Equal("mallory", (await mallory.ExpectAsync<ChatMessage>()).From);

        var seen = await alice.ExpectAsync<ChatMessage>(); // alice saw nothing of the garbage
        Assert.Equal(("mallory", "hi"), (seen.From, seen.Text));
    }

    [Fact]
    public async Task A_closed_socket_leaves_the_rooms_as_disconnected()
    {
        await using var alice = await Login("alice");
        var bob = await Login("bob");
        await alice.WaitForAsync<JoinedEvent>(j => j.Name == "bob");
        await bob.DisposeAsync();
        Assert.Equal(new LeftEvent("lobby", "bob", 1, LeftReasons.Disconnected), await alice.ExpectAsync<LeftEvent>());

        // the name is free again
        await using var bob2 = await Login("bob");
    }

    [Fact]
    public async Task Ping_is_answered_with_pong()
    {
        await using var alice = await Login("alice");
        await alice.SendAsync(new PingRequest { Id = 42 });
        Assert.Equal(new PongEvent { Ref = 42 }, await alice.ExpectAsync<PongEvent>());
    }

    [Fact]
    public async Task Stopping_the_server_says_bye_shutdown_to_every_client()
    {
        await using var alice = await Login("alice");
        await using var idle = await Connect();
        await WaitForSessions(2);
        var stopping = Server.StopAsync();
        Assert.Equal(new ByeEvent(ByeReasons.Shutdown), await alice.ExpectAsync<ByeEvent>());
        Assert.Equal(new ByeEvent(ByeReasons.Shutdown), await idle.ExpectAsync<ByeEvent>());
        await alice.ExpectClosedAsync();
        await alice.DisposeAsync();
        await idle.DisposeAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));
        await Server.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
