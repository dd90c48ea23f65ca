using ActorChat.Bench;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>The benchmark tool runs against a real server and counts right (no timing asserted).</summary>
public sealed class BenchSmokeTests : ServerTestBase
{
    protected override ActorChat.Server.ServerLimits Limits => base.Limits with { MaxPerAddress = 1000 };

    [Theory]
    [InlineData(1)]  // a room each
    [InlineData(3)]  // the --shared-room case: all in one
    public async Task The_ack_scenario_counts_every_acknowledged_message(int roomSize)
    {
        var result = await new AckBenchmark(Server.EndPoint, clients: 3, messagesPerClient: 200, window: 20,
            roomSize, textLength: 50, warmupPerClient: 10).RunAsync();
        Assert.Equal(600, result.Messages);
        Assert.Equal(600, result.SortedLatenciesMs.Length);
        Assert.All(result.SortedLatenciesMs, ms => Assert.True(ms > 0));
        Assert.True(result.PerSecond > 0);
        if (roomSize == 1) Assert.Equal(0, result.OthersReceived);
    }

    [Fact]
    public async Task In_rooms_of_k_every_client_is_acknowledged_while_it_reads_the_other_members_messages()
    {
        // 10 clients in rooms of 4, 4 and 2: each room's members all post with their window
        var result = await new AckBenchmark(Server.EndPoint, clients: 10, messagesPerClient: 100, window: 10,
            roomSize: 4, textLength: 60, warmupPerClient: 5).RunAsync();
        Assert.Equal(1000, result.Messages);
        Assert.Equal(1000, result.SortedLatenciesMs.Length);
        Assert.All(result.SortedLatenciesMs, ms => Assert.True(ms > 0));
        // others' copies: each post reaches K - 1 others (3, 3 and 1): 2,600. At most the warm-up's
        // 130 arrive late and count; the copies of the last posts may still be on their way when it ends.
        Assert.InRange(result.OthersReceived, 2_600 - 1_000, 2_600 + 130);
    }

    [Fact]
    public async Task The_logins_scenario_logs_in_with_passwords_and_pings_meanwhile()
    {
        var result = await new LoginBenchmark(Server.EndPoint, accounts: 3, concurrency: 2, TimeSpan.FromSeconds(1), serverPid: null).RunAsync();

        Assert.True(result.Logins > 0);
        Assert.Equal(0, result.Refused);
        Assert.True(result.Pings > 0);
        Assert.Null(result.CpuSecondsPerLogin); // no server pid given
    }

    [Fact]
    public void Client_i_is_in_room_i_over_k() =>
        Assert.Equal(["bench-x-0", "bench-x-0", "bench-x-1", "bench-x-1", "bench-x-2"],
            Enumerable.Range(0, 5).Select(i => AckBenchmark.RoomOf(i, 2, "x")));
}

/// <summary>The broadcast scenarios run against a real server and count every delivery once.</summary>
public sealed class BroadcastBenchSmokeTests : ServerTestBase
{
    protected override ActorChat.Server.ServerLimits Limits => base.Limits with { MaxPerAddress = 1000 };

    [Fact]
    public async Task Fanout_delivers_every_message_to_every_member_once()
    {
        var result = await new BroadcastBenchmark(Server.EndPoint, clients: 20, roomSize: int.MaxValue, senders: 4,
            rate: 200, seconds: 1, textLength: 60, sourceAddresses: 1).RunAsync();
        BroadcastAssert.EveryMessageReachedEveryMemberOnce(result, membersPerMessage: 20);
    }

    [Fact]
    public async Task With_the_servers_pid_a_run_reads_the_servers_cpu_over_the_measured_window()
    {
        // the server runs in this process, so its pid is ours
        var result = await new BroadcastBenchmark(Server.EndPoint, clients: 10, roomSize: int.MaxValue, senders: 2,
            rate: 100, seconds: 1, textLength: 60, sourceAddresses: 1, serverPid: Environment.ProcessId).RunAsync();
        BroadcastAssert.EveryMessageReachedEveryMemberOnce(result, membersPerMessage: 10);
        Assert.NotNull(result.ServerCpu);
        Assert.True(result.ServerCpu.Value.Elapsed >= TimeSpan.FromSeconds(1));
        Assert.True(result.ServerBusyPercent >= 0);
        Assert.NotNull(result.ServerCpuMicrosPerDelivery);
    }

    [Fact]
    public async Task Rooms_deliver_each_message_to_its_own_room_only()
    {
        var result = await new BroadcastBenchmark(Server.EndPoint, clients: 25, roomSize: 10, senders: 3,
            rate: 150, seconds: 1, textLength: 60, sourceAddresses: 1).RunAsync();
        Assert.True(result.Sent > 0);
        Assert.Equal(result.Expected, result.Delivered); // rooms of 10, 10 and 5
        Assert.Equal(0, result.Duplicates);
    }
}

/// <summary>The connect scenario logs idle clients in and reads the server's memory by pid.</summary>
public sealed class ConnectBenchSmokeTests : ServerTestBase
{
    protected override ActorChat.Server.ServerLimits Limits => base.Limits with { MaxPerAddress = 1000 };

    [Fact]
    public async Task Connect_logs_in_idle_clients_and_the_server_still_answers()
    {
        var result = await new ConnectBenchmark(Server.EndPoint, clients: 60, sourceAddresses: 1,
            serverPid: Environment.ProcessId).RunAsync();
        Assert.Equal(60, result.Clients);
        Assert.True(result.ServerAnswers);
        Assert.NotNull(result.RssAfter);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Connect_spreads_clients_over_worker_processes_and_sums_them()
    {
        var result = await new ConnectBenchmark(Server.EndPoint, clients: 30, sourceAddresses: 1,
            serverPid: Environment.ProcessId, processes: 2).RunAsync();
        Assert.Equal(30, result.Clients);
        Assert.Equal(2, result.Processes);
        Assert.True(result.ServerAnswers);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task A_worker_whose_clients_are_refused_fails_the_run_with_the_servers_word()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ConnectBenchmark(Server.EndPoint, clients: 1010, sourceAddresses: 1, serverPid: null, processes: 2).RunAsync());
        Assert.Contains("server_full", refused.Message);
    }
}

/// <summary>The plain .NET reference server carries the broadcast scenarios and counts right.</summary>
public sealed class ReferenceServerBenchSmokeTests
{
    [Fact]
    public async Task Fanout_against_the_reference_server_delivers_every_message_to_every_member_once()
    {
        await using var server = ReferenceServer.Start(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var result = await new BroadcastBenchmark(server.EndPoint, clients: 20, roomSize: int.MaxValue, senders: 4,
            rate: 200, seconds: 1, textLength: 60, sourceAddresses: 1).RunAsync();
        BroadcastAssert.EveryMessageReachedEveryMemberOnce(result, membersPerMessage: 20);
    }

    [Fact]
    public async Task Rooms_against_the_reference_server_deliver_each_message_to_its_own_room_only()
    {
        await using var server = ReferenceServer.Start(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var result = await new BroadcastBenchmark(server.EndPoint, clients: 25, roomSize: 10, senders: 3,
            rate: 150, seconds: 1, textLength: 60, sourceAddresses: 1).RunAsync();
        BroadcastAssert.EveryMessageReachedEveryMemberOnce(result, membersPerMessage: null);
    }
}

/// <summary>
/// <c>--protocol irc</c> against a minimal in-process IRC server (registration, JOIN with NAMES
/// end, PRIVMSG relayed to the other channel members only, PING/PONG): no sender's echo, so
/// members − 1 deliveries per post.
/// </summary>
public sealed class IrcBenchSmokeTests
{
    [Fact]
    public async Task Fanout_in_irc_mode_expects_no_copy_for_the_sender()
    {
        await using var server = MiniIrcServer.Start();
        var result = await new BroadcastBenchmark(server.EndPoint, clients: 12, roomSize: int.MaxValue, senders: 3,
            rate: 150, seconds: 1, textLength: 60, sourceAddresses: 1, BenchProtocol.Irc).RunAsync();
        BroadcastAssert.EveryMessageReachedEveryMemberOnce(result, membersPerMessage: 11);
    }

    private sealed class MiniIrcServer : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener;
        private readonly Dictionary<string, List<System.IO.StreamWriter>> _channels = new();
        private readonly List<System.Net.Sockets.TcpClient> _clients = new();
        private readonly Task _accept;

        private MiniIrcServer()
        {
            _listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            _listener.Start();
            _accept = Task.Run(AcceptAsync);
        }

        public System.Net.IPEndPoint EndPoint => (System.Net.IPEndPoint)_listener.LocalEndpoint;

        public static MiniIrcServer Start() => new();

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_clients) _clients.Add(client);
                    _ = Task.Run(() => ServeAsync(client));
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task ServeAsync(System.Net.Sockets.TcpClient client)
        {
            var stream = client.GetStream();
            var reader = new System.IO.StreamReader(stream);
            var writer = new System.IO.StreamWriter(stream) { NewLine = "\r\n", AutoFlush = true };
            var nick = "*";
            try
            {
                while (await reader.ReadLineAsync() is { } line)
                {
                    var parts = line.Split(' ', 3);
                    switch (parts[0])
                    {
                        case "NICK": nick = parts[1]; break;
                        case "USER": Write(writer, $":mini 001 {nick} :Welcome"); break;
                        case "PING": Write(writer, $":mini PONG mini {parts[1]}"); break;
                        case "JOIN":
                            lock (_channels)
                            {
                                if (!_channels.TryGetValue(parts[1], out var members)) _channels[parts[1]] = members = new();
                                members.Add(writer);
                            }
                            Write(writer, $":{nick}!{nick}@localhost JOIN {parts[1]}");
                            Write(writer, $":mini 366 {nick} {parts[1]} :End of /NAMES list.");
                            break;
                        case "PRIVMSG":
                            System.IO.StreamWriter[] others;
                            lock (_channels) others = _channels[parts[1]].Where(w => w != writer).ToArray();
                            foreach (var other in others) Write(other, $":{nick}!{nick}@localhost PRIVMSG {parts[1]} {parts[2]}");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is System.IO.IOException or ObjectDisposedException)
            {
            }
            lock (_channels) foreach (var members in _channels.Values) members.Remove(writer);
        }

        private static void Write(System.IO.StreamWriter writer, string line)
        {
            lock (writer)
            {
                try
                {
                    writer.WriteLine(line);
                }
                catch (Exception e) when (e is System.IO.IOException or ObjectDisposedException)
                {
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await _accept;
            lock (_clients) foreach (var c in _clients) c.Dispose();
        }
    }
}

/// <summary>What a broadcast run must show: something was sent, and every expected delivery came, once, without errors.</summary>
internal static class BroadcastAssert
{
    /// <param name="membersPerMessage">Receivers of each message when all rooms are alike; null for mixed room sizes.</param>
    public static void EveryMessageReachedEveryMemberOnce(BroadcastResult result, int? membersPerMessage)
    {
        Assert.True(result.Sent > 0);
        if (membersPerMessage is { } members) Assert.Equal(result.Sent * members, result.Expected);
        Assert.Equal(result.Expected, result.Delivered);
        Assert.Equal(0, result.Duplicates);
        Assert.Empty(result.Errors);
    }
}
