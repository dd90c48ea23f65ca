using System.Net.Sockets;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Lifecycle;
using ActorChat.Server.Network;
using ActorChat.Server.Rooms;
using ActorChat.Server.Users;
using ActorChat.Tests.Support;
using Akka.Actor;

namespace ActorChat.Tests.EndToEnd;

// One class per limit setting; each test is a row of docs/robustness.md.

/// <summary>Garbage, huge lines, identity tricks, terminal escapes, faults: the sender gets an error, everyone else carries on.</summary>
public class HostileInputTests : ServerTestBase
{
    protected override ServerLimits Limits => base.Limits with { MaxFrameBytes = 4096 };

    private async Task<(RawClient Victim, RawClient Witness)> TwoPeople()
    {
        var witness = await Login("witness");
        var victim = await Login("mallory");
        await witness.WaitForAsync<JoinedEvent>(j => j.Name == "mallory");
        return (victim, witness);
    }

    /// <summary>Proves the witness saw nothing but a normal chat line since.</summary>
    private static async Task StillChats(RawClient mallory, RawClient witness)
    {
        await mallory.SendAsync(new SayRequest("still here") { Id = "ok" });
        Assert.Equal("still here", (await mallory.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("ok"))).Text);
        var seen = await witness.ExpectAsync<ChatMessage>();
        Assert.Equal(("mallory", "still here"), (seen.From, seen.Text));
    }

    [Fact]
    public async Task Garbage_and_malformed_json_get_errors_and_the_connection_and_others_are_unaffected()
    {
        var (mallory, witness) = await TwoPeople();
        await using var _ = mallory;
        await using var __ = witness;
        var random = new Random(1234);
        var noise = new byte[600];
        random.NextBytes(noise);
        for (var i = 0; i < noise.Length; i++) if (noise[i] == (byte)'\n') noise[i] = 0;

        (byte[] Frame, string Code)[] cases =
        [
            (noise, ErrorCodes.BadJson),
            ([0xC0, 0xAF, 0xED, 0xA0, 0x80], ErrorCodes.BadJson),                      // invalid UTF-8
            ("\"just a string\""u8.ToArray(), ErrorCodes.BadJson),                      // not an object
            ("[1,2,3]"u8.ToArray(), ErrorCodes.BadJson),
            (Encoding.ASCII.GetBytes(new string('[', 2000) + new string(']', 2000)), ErrorCodes.BadJson), // deep nesting
            ("{\"type\":\"say\",\"text\":\"x\",\"id\":123456789012345678901234567890}"u8.ToArray(), ErrorCodes.BadRequest), // huge number
            ("{\"type\":\"history\",\"room\":\"lobby\",\"before\":1e999}"u8.ToArray(), ErrorCodes.BadRequest),
            ("{\"type\":\"say\",\"text\":{\"nested\":true}}"u8.ToArray(), ErrorCodes.BadRequest), // wrong field type
            ("{\"type\":42}"u8.ToArray(), ErrorCodes.BadRequest),
            ("{\"type\":\"explode\"}"u8.ToArray(), ErrorCodes.UnknownType),
        ];
        foreach (var (frame, code) in cases)
        {
            await mallory.SendRawAsync([.. frame, (byte)'\n']);
            Assert.Equal(code, (await mallory.ExpectAsync<ErrorEvent>()).Code);
        }
        await StillChats(mallory, witness);
    }

    [Fact]
    public async Task A_huge_line_and_a_long_stream_without_line_feeds_are_discarded_as_they_arrive()
    {
        var (mallory, witness) = await TwoPeople();
        await using var _ = mallory;
        await using var __ = witness;
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        // 64 MiB without a single LF, in 64 KiB writes, then the LF that ends the line.
        var chunk = Encoding.ASCII.GetBytes(new string('A', 64 * 1024));
        for (var i = 0; i < 1024; i++) await mallory.SendRawAsync(chunk);
        await mallory.SendRawAsync("\n"u8.ToArray());
        Assert.Equal(ErrorCodes.FrameTooLarge, (await mallory.ExpectAsync<ErrorEvent>()).Code); // one error for the whole line

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 16 * 1024 * 1024, $"the server kept {(after - before) / 1024 / 1024} MiB of a discarded line");
        await StillChats(mallory, witness);
    }

    [Fact]
    public async Task Names_that_differ_only_by_case_or_normal_form_or_hide_characters_are_refused()
    {
        await using var first = await Login("Zo\u00EB");
        (string Name, string Code)[] impostors =
        [
            ("ZOË", ErrorCodes.NameTaken), ("zoe\u0308", ErrorCodes.NameTaken),  // case; decomposed form
            ("zo\u200Be", ErrorCodes.InvalidName), ("zoe\u0007", ErrorCodes.InvalidName), // zero-width space; control
            ("zo\u202Ee", ErrorCodes.InvalidName), ("admin ", ErrorCodes.InvalidName),     // bidi override; space
        ];
        await using var impostor = await Connect();
        foreach (var (name, code) in impostors)
        {
            await impostor.SendAsync(new LoginRequest(name));
            Assert.Equal(code, (await impostor.ExpectAsync<ErrorEvent>()).Code);
        }
    }

    [Fact]
    public async Task From_is_always_the_server_known_name()
    {
        var (mallory, witness) = await TwoPeople();
        await using var _ = mallory;
        await using var __ = witness;
        await mallory.SendRawAsync("{\"type\":\"say\",\"text\":\"I am the admin\",\"from\":\"witness\",\"time\":\"2000-01-01T00:00:00.000Z\",\"id\":\"f\"}\n");
        var seen = await witness.ExpectAsync<ChatMessage>();
        Assert.Equal("mallory", seen.From);
        Assert.True(seen.Time > new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Terminal_escape_sequences_in_text_are_refused_with_invalid_text()
    {
        var (mallory, witness) = await TwoPeople();
        await using var _ = mallory;
        await using var __ = witness;
        foreach (var text in new[] { "\u001b[2J\u001b[H", "bell\u0007", "\u009b31m", "nul\u0000" })
        {
            await mallory.SendAsync(new SayRequest(text));
            Assert.Equal(ErrorCodes.InvalidText, (await mallory.ExpectAsync<ErrorEvent>()).Code);
        }
        await StillChats(mallory, witness);
    }

    [Fact]
    public async Task A_fault_in_a_room_or_a_session_keeps_members_history_and_every_session()
    {
        var (mallory, witness) = await TwoPeople();
        await using var _ = mallory;
        await using var __ = witness;
        await witness.SendAsync(new SayRequest("before the fault") { Id = "b" });
        await witness.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("b"));
        await mallory.WaitForAsync<ChatMessage>();

        Server.System.ActorSelection("/user/rooms/*").Tell(new SimulatedFault("room handler bug"));
        Server.System.ActorSelection("/user/listener/*").Tell(new SimulatedFault("session handler bug"));

        await witness.SendAsync(new WhoRequest { Id = "w" });
        Assert.Equal(["mallory", "witness"], (await witness.WaitForAsync<WhoEvent>()).Members);
        await witness.SendAsync(new HistoryRequest("lobby") { Id = "h" });
        Assert.Equal(["before the fault"], (await witness.WaitForAsync<HistoryEvent>()).Messages.Select(m => m.Text));
        await StillChats(mallory, witness);
    }
}

public class SlowlorisTests : ServerTestBase
{
    protected override ServerLimits Limits => base.Limits with { LoginTimeout = TimeSpan.FromSeconds(1), MaxPerAddress = 100 };

    [Fact]
    public async Task Connections_that_do_not_log_in_in_time_are_closed_and_do_not_starve_real_clients()
    {
        // 30 connections that dribble a login one byte at a time, far too slowly.
        var slow = new List<RawClient>();
        for (var i = 0; i < 30; i++) slow.Add(await Connect());
        var dribble = Task.Run(async () =>
        {
            var login = "{\"type\":\"login\",\"name\":\"slow\"}\n"u8.ToArray();
            try
            {
                for (var b = 0; b < login.Length; b++)
                {
                    foreach (var s in slow) await s.SendRawAsync([login[b]]);
                    await Task.Delay(200);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException) { } // closed by the server, as it should be
        });

        // meanwhile real people chat
        await using var alice = await Login("alice");
        await using var bob = await Login("bob");
        await bob.SendAsync(new SayRequest("hi alice"));
        Assert.Equal("hi alice", (await alice.WaitForAsync<ChatMessage>()).Text);

        foreach (var s in slow)
        {
            Assert.Equal(new ByeEvent(ByeReasons.Idle), await s.ExpectAsync<ByeEvent>(TimeSpan.FromSeconds(10)));
            await s.ExpectClosedAsync();
            await s.DisposeAsync();
        }
        await dribble;
        await WaitForSessions(2);
    }
}

public class PerAddressLimitTests : ServerTestBase
{
    protected override ServerLimits Limits => base.Limits with { MaxPerAddress = 3 };

    [Fact]
    public async Task Too_many_connections_from_one_address_get_server_full()
    {
        var held = new List<RawClient>();
        for (var i = 0; i < 3; i++) held.Add(await Login($"user{i}"));

        await using var extra = await Connect();
        var error = await extra.ExpectAsync<ErrorEvent>();
        Assert.Equal(ErrorCodes.ServerFull, error.Code);
        Assert.Contains("address", error.Message);
        Assert.Equal(new ByeEvent(ByeReasons.ServerFull), await extra.ExpectAsync<ByeEvent>());
        await extra.ExpectClosedAsync();

        await held[0].DisposeAsync();
        await WaitForSessions(2);
        await using var again = await Login("user9"); // a freed place is taken again
        foreach (var h in held.Skip(1)) await h.DisposeAsync();
    }
}

public class FloodTests : ServerTestBase
{
    protected override ServerLimits Limits => base.Limits with { RatePerSecond = 5, RateBurst = 10, FloodStrikes = 20 };

    [Fact]
    public async Task A_flooding_client_gets_rate_limited_then_bye_flood_and_others_carry_on()
    {
        await using var alice = await Login("alice");
        await using var flooder = await Login("flooder");
        await alice.WaitForAsync<JoinedEvent>(j => j.Name == "flooder");

        var burst = new StringBuilder();
        for (var i = 0; i < 200; i++) burst.Append("{\"type\":\"say\",\"text\":\"spam\",\"id\":").Append(i).Append("}\n");
        await flooder.SendRawAsync(burst.ToString());

        var accepted = 0;
        var limited = 0;
        ByeEvent? bye = null;
        while (bye is null)
        {
            switch (await flooder.NextAsync())
            {
                case ChatMessage: accepted++; break;
                case ErrorEvent { Code: ErrorCodes.RateLimited }: limited++; break;
                case ByeEvent b: bye = b; break;
            }
        }
        Assert.Equal(ByeReasons.Flood, bye.Reason);
        Assert.InRange(limited, 20, 22);   // the strikes it was allowed
        // Copies of messages accepted before the bye may still follow it (they were on their way
        // from the store: docs/protocol.md, "what may follow bye"); nothing else does, then the close.
        while (await flooder.NextOrClosedAsync() is { } late) { Assert.IsType<ChatMessage>(late); accepted++; }
        // at most the burst (10) and what the rate refilled got through
        Assert.InRange(accepted, 0, 12);

        // alice saw only the accepted messages, then the flooder leave
        Assert.Equal(new LeftEvent("lobby", "flooder", 1, ByeReasons.Flood), await alice.WaitForAsync<LeftEvent>());
        await alice.SendAsync(new PingRequest { Id = 1 });
        await alice.WaitForAsync<PongEvent>(p => p.Ref == RequestRef.Of(1)); // spam stored before the bye may still arrive
    }

    [Fact]
    public async Task A_client_that_keeps_sending_bad_frames_gets_bye_flood()
    {
        await using var junk = await Connect();
        var lines = string.Concat(Enumerable.Repeat("this is not json\n", 100));
        await junk.SendRawAsync(lines);
        var bye = await junk.WaitForAsync<ByeEvent>();
        Assert.Equal(ByeReasons.Flood, bye.Reason);
        await junk.ExpectClosedAsync();
    }
}

public sealed class UnlimitedRateTests : ServerTestBase
{
    // base limits: RatePerSecond = 0, as --rate 0

    [Fact]
    public async Task Rate_0_lifts_the_limit()
    {
        await using var fast = await Login("fast");
        var burst = string.Concat(Enumerable.Range(0, 500).Select(i => $"{{\"type\":\"ping\",\"id\":{i}}}\n"));
        await fast.SendRawAsync(burst);
        for (var i = 0; i < 500; i++) Assert.Equal(RequestRef.Of(i), (await fast.ExpectAsync<PongEvent>()).Ref);
    }
}

public sealed class ConnectionChurnTests : ServerTestBase
{
    protected override ServerLimits Limits => base.Limits with { MaxPerAddress = 1000 };

    [Fact]
    public async Task Reset_half_open_and_vanished_connections_leave_no_session_user_or_room_behind()
    {
        await using var witness = await Login("witness");
        for (var i = 0; i < 150; i++)
        {
            var client = await Login($"churn{i}");
            await client.SendAsync(new JoinRequest($"room{i % 5}"));
            await client.WaitForAsync<JoinedEvent>(j => j.Name == $"churn{i}" && j.Room == $"room{i % 5}");
            switch (i % 3)
            {
                case 0: // vanish in the middle of a frame, with a reset
                    await client.SendRawAsync("{\"type\":\"say\",\"te");
                    client.Reset();
                    break;
                case 1: // half-close: stop sending, keep the socket
                    client.ShutdownSend();
                    break;
                default: // plain close
                    break;
            }
            await client.DisposeAsync();
        }

        await Eventually.TrueAsync(async () => await Server.Listener.Ask<int>(GetSessionCount.Instance) == 1, "only the witness's session is left");
        await Eventually.TrueAsync(async () => await Server.Users.Ask<int>(GetUserCount.Instance) == 1, "only the witness is logged in");
        await Eventually.TrueAsync(async () => await Server.Rooms.Ask<int>(GetRoomCount.Instance) == 1, "only the lobby's actor is alive");

        await witness.SendAsync(new RoomsRequest { Id = "r" });
        Assert.Equal([new RoomSummary("lobby", 1)], (await witness.WaitForAsync<RoomsEvent>(r => r.Ref == RequestRef.Of("r"))).Rooms);
    }
}
