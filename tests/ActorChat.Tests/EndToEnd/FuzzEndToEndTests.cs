using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Properties;
using ActorChat.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// Many raw connections throw thousands of random, mutated, huge and valid frames at a live
/// server at once; afterwards it must still serve well-behaved clients, it must never have
/// written a frame a client cannot decode, and its memory must come back down.
/// </summary>
/// <remarks>
/// Set <c>ACTORCHAT_FUZZ_SEED</c> to replay a run: the seed fixes every frame each connection
/// sends (the interleaving of the connections is up to the scheduler).
/// </remarks>
public class FuzzEndToEndTests(ITestOutputHelper output) : ServerTestBase
{
    private const int Connections = 20;
    private const int FramesPerConnection = 500;
    private const long MaxHeapGrowthBytes = 50L * 1024 * 1024;
    private static readonly TimeSpan FuzzDeadline = TimeSpan.FromSeconds(12);

    private static readonly string[] Rooms = ["lobby", "general", "Général", "random", "名前", "a.b-c_d", "GENERAL", "zoë"];

    [Fact]
    public async Task The_server_survives_thousands_of_hostile_frames_from_many_connections_and_serves_well_behaved_clients_after()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ACTORCHAT_FUZZ_SEED"), out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (replay with ACTORCHAT_FUZZ_SEED={seed})");

        var before = Heap();
        var stopwatch = Stopwatch.StartNew();
        var stats = await FuzzAsync(seed);
        output.WriteLine($"fuzzed in {stopwatch.Elapsed.TotalSeconds:F1} s: {stats}");

        Assert.True(stats.Undecodable.IsEmpty,
            $"seed {seed}: the server wrote {stats.Undecodable.Count} undecodable frames, e.g.\n" +
            string.Join("\n", stats.Undecodable.Take(5)));
        Assert.True(stats.FramesSent >= Connections * FramesPerConnection / 2, $"seed {seed}: only {stats.FramesSent} frames sent");
        Assert.True(stats.FramesReceived > 0);

        // Every fuzzing connection is gone, so every session must end.
        await WaitForSessions(0);

        await WellBehavedClientsStillChat(seed);

        var after = Heap();
        output.WriteLine($"GC heap before {before / 1024 / 1024.0:F1} MiB, after {after / 1024 / 1024.0:F1} MiB (server in-process)");
        Assert.True(after - before < MaxHeapGrowthBytes,
            $"seed {seed}: the heap grew by {(after - before) / 1024 / 1024} MiB (server and test share the process)");
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private async Task WellBehavedClientsStillChat(int seed)
    {
        await using var carol = await Login("carol");
        await using var dave = await Login("dave");
        await carol.WaitForAsync<JoinedEvent>(j => j.Name == "dave");

        await carol.SendAsync(new SayRequest("first after the storm 👋") { Id = "c1" });
        await carol.SendAsync(new SayRequest("second\n\"quoted\"") { Id = "c2" });
        // A say a fuzzer sent just before it left may still be on its way to durable storage,
        // and reach carol and dave after they joined: skip messages from others.
        foreach (var (id, text) in new[] { ("c1", "first after the storm 👋"), ("c2", "second\n\"quoted\"") })
        {
            var own = await carol.WaitForAsync<ChatMessage>(m => m.From == "carol");
            Assert.Equal((RequestRef.Of(id), "carol", "lobby", text), (own.Ref!, own.From, own.Room!, own.Text));
            var seen = await dave.WaitForAsync<ChatMessage>(m => m.From == "carol");
            Assert.Equal(own with { Ref = null }, seen);
        }

        // The fuzzers' sessions have ended; their memberships end right after (asynchronously).
        var whoMembers = new List<string>();
        var roomList = new List<RoomSummary>();
        for (var attempt = 0; attempt < 40; attempt++)
        {
            await dave.SendAsync(new WhoRequest { Id = "w" + attempt });
            whoMembers = (await dave.WaitForAsync<WhoEvent>(w => w.Ref == RequestRef.Of("w" + attempt))).Members.Order(StringComparer.Ordinal).ToList();
            await dave.SendAsync(new RoomsRequest { Id = "r" + attempt });
            roomList = (await dave.WaitForAsync<RoomsEvent>(r => r.Ref == RequestRef.Of("r" + attempt))).Rooms.ToList();
            if (whoMembers.SequenceEqual(["carol", "dave"]) && roomList.SequenceEqual([new RoomSummary("lobby", 2)])) break;
            await Task.Delay(50);
        }
        Assert.Equal(["carol", "dave"], whoMembers);
        Assert.Equal([new RoomSummary("lobby", 2)], roomList);

        await dave.SendAsync(new HistoryRequest("lobby", Limit: 2) { Id = "h" });
        var history = await dave.WaitForAsync<HistoryEvent>(h => h.Ref == RequestRef.Of("h"));
        Assert.Equal(["first after the storm 👋", "second\n\"quoted\""], history.Messages.Select(m => m.Text));
        Assert.All(history.Messages, m => Assert.Equal("carol", m.From));

        await dave.SendAsync(new PingRequest { Id = seed });
        Assert.Equal(RequestRef.Of(seed), (await dave.WaitForAsync<PongEvent>()).Ref);
    }

    // ---- the fuzzing ----------------------------------------------------------------

    private sealed class Stats
    {
        public int FramesSent;
        public int FramesReceived;
        public int Connects;
        public int ClosedByServer;
        public readonly ConcurrentQueue<string> Undecodable = new();
        public readonly ConcurrentDictionary<string, int> Kinds = new();

        public void Count(string kind) => Kinds.AddOrUpdate(kind, 1, (_, n) => n + 1);

        public override string ToString() =>
            $"{FramesSent} frames sent over {Connects} connections ({ClosedByServer} closed by the server), " +
            $"{FramesReceived} received: " + string.Join(", ", Kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"));
    }

    private async Task<Stats> FuzzAsync(int seed)
    {
        var stats = new Stats();
        using var deadline = new CancellationTokenSource(FuzzDeadline);
        var endPoint = Server.EndPoint;
        var tasks = Enumerable.Range(0, Connections)
            .Select(i => Task.Run(() => FuzzOneAsync(endPoint, i, new Random(HashCode.Combine(seed, i)), stats, deadline.Token)));
        await Task.WhenAll(tasks);
        return stats;
    }

    /// <summary>One fuzzing client: sends its frames in random batches and splits, reconnecting when the server closes it.</summary>
    private static async Task FuzzOneAsync(IPEndPoint endPoint, int index, Random random, Stats stats, CancellationToken deadline)
    {
        var frames = FramesFor(index, random);
        var next = 0;
        for (var generation = 0; next < frames.Count && !deadline.IsCancellationRequested; generation++)
        {
            using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = random.Next(2) == 0 };
            try
            {
                await tcp.ConnectAsync(endPoint, deadline);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Interlocked.Increment(ref stats.Connects);
            var stream = tcp.GetStream();
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var reader = Task.Run(() => ReadAllAsync(stream, stats, done));
            try
            {
                if (random.Next(10) < 8)
                    await stream.WriteAsync(ProtocolSerializer.EncodeRequest(new LoginRequest($"fz{index}-{generation}") { Id = "login" }), deadline);

                while (next < frames.Count && !reader.IsCompleted)
                {
                    // A batch of frames, written in random pieces.
                    var batch = frames.Skip(next).Take(random.Next(1, 12)).ToList();
                    next += batch.Count;
                    var bytes = batch.SelectMany(f => f).ToArray();
                    // A quit ends the connection: what would follow it is sent on the next one.
                    var quit = batch.FindIndex(IsQuit);
                    if (quit >= 0)
                    {
                        next -= batch.Count - quit - 1;
                        batch = batch[..(quit + 1)];
                        bytes = batch.SelectMany(f => f).ToArray();
                    }
                    for (var offset = 0; offset < bytes.Length;)
                    {
                        var piece = Math.Min(bytes.Length - offset, random.Next(3) == 0 ? random.Next(1, 64) : bytes.Length);
                        await stream.WriteAsync(bytes.AsMemory(offset, piece), deadline);
                        offset += piece;
                    }
                    Interlocked.Add(ref stats.FramesSent, batch.Count);
                    if (quit >= 0) break;
                    if (random.Next(20) == 0) await Task.Delay(random.Next(1, 5), deadline);
                }

                // Wait for the answer to a last ping, so everything the server sent so far is read.
                if (!reader.IsCompleted)
                {
                    await stream.WriteAsync(ProtocolSerializer.EncodeRequest(new PingRequest { Id = "done" }), deadline);
                    await Task.WhenAny(reader, done.Task, Task.Delay(TimeSpan.FromSeconds(5), deadline));
                }
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                // Closed by the server (bye, flood, slow consumer): reconnect and go on.
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }
            try
            {
                tcp.Client.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // already reset
            }
            await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(2)));
            tcp.Close();
            await reader; // never throws
        }
    }

    /// <summary>Reads every byte the server sends until it closes (or the socket is closed), decoding each frame.</summary>
    private static async Task ReadAllAsync(NetworkStream stream, Stats stats, TaskCompletionSource done)
    {
        var buffer = new byte[64 * 1024];
        var line = new List<byte>();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    Interlocked.Increment(ref stats.ClosedByServer);
                    break;
                }
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        line.Add(buffer[i]);
                        continue;
                    }
                    // The answer to the last ping ("done") means this connection's output is all read.
                    if (Check(line.ToArray(), stats)?.Ref == RequestRef.Of("done")) done.TrySetResult();
                    line.Clear();
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // reset or closed by us
        }
        if (line.Count > 0) stats.Undecodable.Enqueue("unterminated frame at close: " + Encoding.UTF8.GetString(line.ToArray()));
    }

    private static ServerEvent? Check(byte[] frame, Stats stats)
    {
        Interlocked.Increment(ref stats.FramesReceived);
        var decoded = ProtocolSerializer.DecodeEvent(frame);
        if (!decoded.IsSuccess)
        {
            stats.Undecodable.Enqueue($"{decoded.Error}: {Encoding.UTF8.GetString(frame)}");
            return null;
        }
        stats.Count(decoded.Value! switch
        {
            ErrorEvent e => "error " + e.Code,
            ByeEvent b => "bye " + b.Reason,
            var v => v.Type,
        });
        return decoded.Value;
    }

    private static bool IsQuit(byte[] frame) => frame.AsSpan().StartsWith("{\"type\":\"quit\""u8);

    // ---- what a fuzzing client sends ------------------------------------------------

    /// <summary>The frames one connection sends, each with its LF, all fixed by the random generator.</summary>
    private static List<byte[]> FramesFor(int index, Random random)
    {
        var rnd = new Rnd((ulong)random.NextInt64(), (ulong)random.NextInt64() | 1);
        var requests = Generators.Request.Sample(FramesPerConnection, rnd, 20);
        var mutated = Generators.MutatedFrame.Sample(FramesPerConnection, new Rnd((ulong)random.NextInt64(), (ulong)random.NextInt64() | 1), 20);
        var soup = Generators.JsonSoup.Sample(FramesPerConnection, new Rnd((ulong)random.NextInt64(), (ulong)random.NextInt64() | 1), 20);
        var nesting = Generators.DeepNesting.Sample(FramesPerConnection, new Rnd((ulong)random.NextInt64(), (ulong)random.NextInt64() | 1), 20);
        var texts = Generators.AnyText.Sample(FramesPerConnection, new Rnd((ulong)random.NextInt64(), (ulong)random.NextInt64() | 1), 20);

        var frames = new List<byte[]>(FramesPerConnection);
        for (var i = 0; i < FramesPerConnection; i++)
        {
            var roll = random.Next(100);
            byte[] frame = roll switch
            {
                < 30 => ProtocolSerializer.EncodeRequest(Steer(requests[i], index, random)),
                < 50 => [.. mutated[i], (byte)'\n'],
                < 58 => [.. soup[i], (byte)'\n'],
                < 63 => RandomBytes(random),
                < 68 => Truncated(ProtocolSerializer.EncodeRequest(Steer(requests[(i + 1) % requests.Length], index, random)), random),
                < 71 => HugeLine(random),
                < 75 => [.. nesting[i], (byte)'\n'],
                < 83 => ProtocolSerializer.EncodeRequest(new LoginRequest(OddName(texts[i], random)) { Id = i }),
                < 88 => Encoding.UTF8.GetBytes(random.Next(4) switch
                {
                    0 => "\n",
                    1 => " \t \r\n",
                    2 => "\r\r\n",
                    _ => "\uFEFF{\"type\":\"ping\"}\n",
                }),
                < 92 => OddFields(random, texts[i]),
                < 93 => ProtocolSerializer.EncodeRequest(new QuitRequest(texts[i]) { Id = "q" }),
                _ => ProtocolSerializer.EncodeRequest(new SayRequest(texts[i], Rooms[random.Next(Rooms.Length)]) { Id = i }),
            };
            frames.Add(frame);
        }
        return frames;
    }

    /// <summary>Points most generated requests at a few shared rooms and at the other fuzzers, so they interact.</summary>
    private static ClientRequest Steer(ClientRequest request, int index, Random random)
    {
        if (random.Next(4) == 0) return request;
        var room = Rooms[random.Next(Rooms.Length)];
        return request switch
        {
            SayRequest say => say with { Room = room },
            JoinRequest join => join with { Room = room },
            LeaveRequest leave => leave with { Room = random.Next(4) == 0 ? "lobby" : room },
            WhoRequest who => who with { Room = room },
            HistoryRequest history => history with { Room = room },
            DmRequest dm => dm with { To = $"fz{random.Next(Connections)}-{random.Next(3)}" },
            LoginRequest login => login with { Name = $"fz{index}-{login.Name}" },
            _ => request,
        };
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 200)];
        random.NextBytes(bytes);
        return [.. bytes, (byte)'\n'];
    }

    private static byte[] Truncated(byte[] frame, Random random) => [.. frame[..random.Next(0, frame.Length - 1)], (byte)'\n'];

    /// <summary>A line at, just over, or far over the 16 KiB limit; sometimes without its LF until later.</summary>
    private static byte[] HugeLine(Random random)
    {
        var size = random.Next(4) switch
        {
            0 => ProtocolInfo.DefaultMaxFrameBytes,
            1 => ProtocolInfo.DefaultMaxFrameBytes + 1,
            2 => random.Next(ProtocolInfo.DefaultMaxFrameBytes, 4 * ProtocolInfo.DefaultMaxFrameBytes),
            _ => random.Next(100_000, 400_000),
        };
        var prefix = "{\"type\":\"say\",\"text\":\"";
        var suffix = "\"}";
        var body = new string((char)random.Next('a', 'z' + 1), Math.Max(0, size - prefix.Length - suffix.Length));
        return Encoding.UTF8.GetBytes(prefix + body + suffix + (random.Next(2) == 0 ? "\r\n" : "\n"));
    }

    private static string OddName(string text, Random random) => random.Next(8) switch
    {
        0 => text,
        1 => new string('x', random.Next(30, 40)),
        2 => "fz\u200D" + random.Next(),
        3 => "e\u0301" + random.Next(),
        4 => "ALICE" + random.Next(3),
        5 => "👋",
        6 => "ΟΔΟΣ" + random.Next(3),
        _ => "Zoë." + random.Next(5),
    };

    /// <summary>Valid JSON objects with fields of the wrong type, odd ids and unknown types.</summary>
    private static byte[] OddFields(Random random, string text)
    {
        var escaped = Newtonsoft.Json.JsonConvert.ToString(text);
        string[] choices =
        [
            "{\"type\":\"say\",\"text\":123}",
            "{\"type\":\"say\",\"text\":" + escaped + ",\"room\":null,\"id\":1.5}",
            "{\"type\":\"history\",\"room\":\"lobby\",\"limit\":0}",
            "{\"type\":\"history\",\"room\":\"lobby\",\"limit\":99999999999999999999}",
            "{\"type\":\"history\",\"room\":\"lobby\",\"before\":-9223372036854775808,\"limit\":9223372036854775807}",
            "{\"type\":\"history\",\"room\":\"general\",\"limit\":1000,\"id\":" + random.NextInt64() + "}",
            "{\"type\":\"dm\",\"to\":" + escaped + ",\"text\":" + escaped + "}",
            "{\"type\":\"join\",\"room\":" + escaped + "}",
            "{\"type\":" + escaped + ",\"id\":\"" + new string('i', random.Next(60, 70)) + "\"}",
            "{\"type\":\"ping\",\"id\":[1,{\"a\":null}]}",
            "{\"type\":\"ping\",\"type\":\"rooms\",\"from\":\"root\",\"time\":0}",
            "{\"type\":\"login\",\"name\":" + escaped + ",\"id\":\"\\ud800\"}",
            "[{\"type\":\"ping\"}]",
            "{\"type\":\"ping\"} {\"type\":\"ping\"}",
        ];
        return Encoding.UTF8.GetBytes(choices[random.Next(choices.Length)] + "\n");
    }
}
