using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

public class MaxClientsEndToEndTests : ServerTestBase
{
    protected override ServerLimits Limits => base.Limits with { MaxClients = 2 };

    [Fact]
    public async Task One_client_too_many_gets_server_full_and_is_closed_and_a_freed_place_is_taken_again()
    {
        await using var alice = await Login("alice");
        var bob = await Login("bob");

        await using var third = await Connect();
        Assert.Equal(ErrorCodes.ServerFull, (await third.ExpectAsync<ErrorEvent>()).Code);
        Assert.Equal(new ByeEvent(ByeReasons.ServerFull), await third.ExpectAsync<ByeEvent>());
        await third.ExpectClosedAsync();

        await bob.DisposeAsync();
        await alice.WaitForAsync<LeftEvent>(l => l.Name == "bob");
        await using var carol = await Login("carol");
    }
}

public class ClientIdleEndToEndTests : ServerTestBase
{
    // Long enough that a login and its lobby history arrive within it on a loaded machine (1 s
    // did not always, with two test suites on two cores); the test waits for the idle bye anyway.
    protected override ServerLimits Limits => base.Limits with { ClientIdle = TimeSpan.FromSeconds(3) };

    [Fact]
    public async Task A_silent_client_gets_bye_idle_and_its_rooms_see_it_leave()
    {
        await using var silent = await Login("silent");
        await using var chatty = await Login("chatty");
        await silent.WaitForAsync<JoinedEvent>(j => j.Name == "chatty");

        // chatty keeps talking (each frame is activity); silent sends nothing
        LeftEvent? left = null;
        while (left is null)
        {
            await chatty.SendAsync(new ActorChat.Messages.Commands.PingRequest());
            var e = await chatty.NextAsync();
            left = e as LeftEvent;
        }
        Assert.Equal(new LeftEvent("lobby", "silent", 1, ByeReasons.Idle), left);
        Assert.Equal(new ByeEvent(ByeReasons.Idle), await silent.WaitForAsync<ByeEvent>());
        await silent.ExpectClosedAsync();
    }
}

public class SlowConsumerEndToEndTests : ServerTestBase
{
    protected override ServerLimits Limits => base.Limits with { MaxPendingWriteBytes = 64 * 1024 };

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_and_the_room_carries_on()
    {
        await using var writer = await Login("writer");
        await using var stalled = await Login("stalled", receiveBufferBytes: 4096);
        await writer.WaitForAsync<JoinedEvent>(j => j.Name == "stalled");

        // The stalled client never reads again. The writer posts and reads its own copies
        // until the room reports the stalled one gone; bounded so the test cannot spin.
        var text = new string('x', 3000);
        LeftEvent? left = null;
        for (var sent = 0; left is null; sent++)
        {
            Assert.True(sent < 20_000, "the stalled client was never dropped");
            await writer.SendAsync(new ActorChat.Messages.Commands.SayRequest(text));
            while (left is null)
            {
                var e = await writer.NextAsync();
                if (e is ChatMessage { From: "writer" }) break;
                left = e as LeftEvent;
            }
        }

        Assert.Equal(new LeftEvent("lobby", "stalled", 1, ByeReasons.SlowConsumer), left);
        await writer.SendAsync(new ActorChat.Messages.Commands.SayRequest("still here"));
        await writer.WaitForAsync<ChatMessage>(m => m.Text == "still here");
    }
}

public sealed class IdleShutdownEndToEndTests
{
    [Fact]
    public async Task A_server_with_no_client_for_the_idle_time_stops_by_itself()
    {
        using var storage = new TempStorage();
        var server = await ChatServer.StartAsync(new ServerLimits { Port = 0, IdleShutdown = TimeSpan.FromMilliseconds(500) }, storage.Settings);
        await using (var client = await RawClient.LoginAsync(server.EndPoint, "visitor"))
        {
            await client.SendAsync(new ActorChat.Messages.Commands.QuitRequest());
            await client.WaitForAsync<ByeEvent>();
        }
        await server.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
