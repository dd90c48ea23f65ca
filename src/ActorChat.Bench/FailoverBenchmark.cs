using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Bench;

/// <summary>
/// How long a killed node's rooms take to come back: one client per room on a surviving node
/// posts a line every <c>interval</c> and waits for its acknowledgement; after
/// <c>killAfter</c> the node with <c>killPid</c> is killed (SIGKILL). The rooms that ran there
/// stop acknowledging until sharding starts them on a survivor (after the split-brain resolver
/// downs the node); the longest gap between two acknowledgements of such a room is the time it
/// took to come back. Rooms that ran elsewhere go on (their gap stays near the interval). A post
/// not answered within a second is sent again with the same id (the post in flight to the killed
/// node is lost with it), so the gap ends as soon as the room serves again.
/// </summary>
public sealed class FailoverBenchmark(IPEndPoint server, int rooms, int killPid, TimeSpan killAfter, TimeSpan duration, TimeSpan interval)
{
    public async Task<int> RunAsync(TextWriter output)
    {
        var run = Guid.NewGuid().ToString("N")[..5];
        var clock = Stopwatch.StartNew();
        var posters = Enumerable.Range(0, rooms).Select(i => PostAsync($"fo{run}-{i}", clock)).ToList();
        await Task.Delay(killAfter);
        var killedAt = clock.Elapsed;
        using (var victim = Process.GetProcessById(killPid)) victim.Kill();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"killed pid {killPid} at {killedAt.TotalSeconds:F1} s"));
        var acks = await Task.WhenAll(posters);

        var gaps = acks.Select(times => LongestGapAcross(times, killedAt)).ToList();
        var moved = gaps.Where(g => g > TimeSpan.FromSeconds(1)).OrderBy(g => g).ToList();
        var others = gaps.Where(g => g <= TimeSpan.FromSeconds(1)).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{moved.Count} of {rooms} rooms stopped acknowledging at the kill; back after {Describe(moved)}; the other {others.Count} went on (longest gap {Describe(others)})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"scenario\":\"failover\",\"rooms\":{rooms},\"rooms_moved\":{moved.Count},\"back_after_max_s\":{(moved.Count > 0 ? moved[^1].TotalSeconds : 0):F2},\"back_after_median_s\":{(moved.Count > 0 ? moved[moved.Count / 2].TotalSeconds : 0):F2}}}"));
        return 0;
    }

    private static string Describe(IReadOnlyList<TimeSpan> gaps) => gaps.Count == 0
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{gaps.Min().TotalSeconds:F2}-{gaps.Max().TotalSeconds:F2} s");

    private static TimeSpan LongestGapAcross(List<TimeSpan> acks, TimeSpan killedAt)
    {
        var longest = TimeSpan.Zero;
        for (var i = 1; i < acks.Count; i++)
            if (acks[i] > killedAt) longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, (acks[i] - acks[i - 1]).Ticks));
        return longest;
    }

    /// <summary>Posts and waits for each acknowledgement; the times they came.</summary>
    private async Task<List<TimeSpan>> PostAsync(string name, Stopwatch clock)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server);
        var stream = tcp.GetStream();
        var reader = new StreamReader(stream, Encoding.UTF8);
        async Task Send(ClientRequest request) => await stream.WriteAsync(ProtocolSerializer.EncodeRequest(request));
        async Task<ServerEvent?> Until(Func<ServerEvent, bool> match, TimeSpan wait)
        {
            using var patience = new CancellationTokenSource(wait);
            try
            {
                while (true)
                {
                    var line = await reader.ReadLineAsync(patience.Token) ?? throw new EndOfStreamException(name + ": the server closed the connection");
                    if (ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(line)).Value is { } e && match(e)) return e;
                }
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
        var patienceForSetup = TimeSpan.FromSeconds(120);
        await Send(new LoginRequest(name));
        _ = await Until(e => e is WelcomeEvent, patienceForSetup) ?? throw new TimeoutException(name + ": no welcome");
        await Send(new JoinRequest(name) { Id = "join" });
        _ = await Until(e => e is JoinedEvent { Ref: not null }, patienceForSetup) ?? throw new TimeoutException(name + ": not joined");
        var acks = new List<TimeSpan>();
        for (var n = 0; clock.Elapsed < duration; n++)
        {
            var id = RequestRef.Of(n);
            var say = new SayRequest($"line {n}", name) { Id = id };
            // A post in flight to a node that dies is lost with it: re-sent with its id until answered
            // ("Re-sending is safe": stored once), as a careful client does.
            do await Send(say);
            while (await Until(e => e is ChatMessage m && m.Ref == id, TimeSpan.FromSeconds(1)) is null && clock.Elapsed < duration + patienceForSetup);
            acks.Add(clock.Elapsed);
            await Task.Delay(interval);
        }
        return acks;
    }
}
