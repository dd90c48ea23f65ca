using System.Collections.Concurrent;
using System.Net;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>On an embedded SQLite file (the default).</summary>
public sealed class SqliteDurabilityEndToEndTests() : DurabilityEndToEndTests(new TempStorage(), skipReason: null);

/// <summary>On a PostgreSQL server (skipped, with the reason, where none is reachable).</summary>
public sealed class PostgresDurabilityEndToEndTests() : DurabilityEndToEndTests(
    TempStorage.Postgres(out var unavailable) ?? new TempStorage(), unavailable);

/// <summary>History across restarts and crashes: nothing acknowledged is lost, nothing is doubled.</summary>
public abstract class DurabilityEndToEndTests(TempStorage storage, string? skipReason) : IDisposable
{
    private readonly TempStorage _storage = storage;

    public void Dispose() => _storage.Dispose();

    /// <summary>The store options for the server program.</summary>
    private string[] StoreArgs()
    {
        Skip.If(skipReason is not null, skipReason);
        return _storage.Settings.PostgresConnectionString is { } db
            ? ["--data-dir", _storage.Settings.DataDirectory, "--db", db]
            : ["--data-dir", _storage.Settings.DataDirectory];
    }

    private static readonly ServerLimits Limits = new() { Port = 0, IdleShutdown = TimeSpan.Zero, ClientIdle = TimeSpan.Zero, RatePerSecond = 0 };

    /// <summary>Pages back through a room's whole stored history with before/limit; oldest first.</summary>
    private static async Task<List<ChatMessage>> WholeHistory(RawClient client, string room)
    {
        var all = new List<ChatMessage>();
        long? before = null;
        while (true)
        {
            await client.SendAsync(new HistoryRequest(room, before, 200) { Id = "page" });
            var page = await client.WaitForAsync<HistoryEvent>(h => h.Ref == RequestRef.Of("page"));
            if (page.Messages.Count == 0) return all;
            all.InsertRange(0, page.Messages);
            before = page.Messages[0].Id;
        }
    }

    [SkippableFact]
    public async Task After_a_restart_history_ids_and_direct_messages_continue()
    {
        StoreArgs();
        await using (var server = await ChatServer.StartAsync(Limits, _storage.Settings))
        {
            await using var alice = await RawClient.LoginAsync(server.EndPoint, "alice");
            await using var bob = await RawClient.LoginAsync(server.EndPoint, "bob");
            for (var i = 1; i <= 3; i++) await alice.SendAsync(new SayRequest($"before {i}") { Id = i });
            await alice.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of(3));
            await alice.SendAsync(new DmRequest("bob", "secret 1") { Id = "d" });
            Assert.Equal(1, (await alice.WaitForAsync<ChatMessage>(m => m.IsDirect)).Id);
        }

        await using (var server = await ChatServer.StartAsync(Limits, _storage.Settings))
        {
            await using var carol = await RawClient.ConnectAsync(server.EndPoint);
            await carol.SendAsync(new LoginRequest("carol"));
            await carol.ExpectAsync<WelcomeEvent>();
            var joinHistory = await carol.ExpectAsync<HistoryEvent>();
            Assert.Equal(["before 1", "before 2", "before 3"], joinHistory.Messages.Select(m => m.Text));

            await carol.SendAsync(new SayRequest("after") { Id = "a" });
            Assert.Equal(4, (await carol.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("a"))).Id);

            await using var alice = await RawClient.LoginAsync(server.EndPoint, "alice");
            await using var bob = await RawClient.LoginAsync(server.EndPoint, "bob");
            await bob.SendAsync(new DmRequest("alice", "secret 2"));
            Assert.Equal(2, (await alice.WaitForAsync<ChatMessage>(m => m.IsDirect)).Id);
        }
    }

    [SkippableFact]
    public async Task The_export_command_prints_one_line_per_stored_message()
    {
        StoreArgs();
        await using (var server = await ChatServer.StartAsync(Limits, _storage.Settings))
        {
            await using var alice = await RawClient.LoginAsync(server.EndPoint, "alice");
            await alice.SendAsync(new SayRequest("first line\nsecond line") { Id = 1 });
            await alice.SendAsync(new SayRequest("done") { Id = 2 });
            await alice.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of(2));
        }

        await using var export = ChildProcess.Start("actorchat-server", ["export", "--room", "LOBBY", .. StoreArgs()]);
        await export.WaitForLineAsync(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z alice: first line\\nsecond line$");
        await export.WaitForLineAsync(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z alice: done$");
        Assert.Equal(0, await export.WaitForExitAsync());
    }

    [SkippableFact]
    public async Task A_server_killed_in_the_middle_of_traffic_keeps_every_acknowledged_message_in_order_once()
    {
        var first = ChildProcess.Start("actorchat-server", ["--port", "0", "--idle-shutdown", "0", "--rate", "0", .. StoreArgs()]);
        await using var firstProcess = first;
        var endPoint = new IPEndPoint(IPAddress.Loopback, int.Parse((await first.WaitForLineAsync(@"listening on 127\.0\.0\.1:(\d+)")).Groups[1].Value));

        // Three clients post as fast as the server acknowledges (each keeps at most 50 posts in
        // flight, so all of them keep reading and none becomes a slow consumer); each remembers
        // what the server acknowledged.
        var acknowledged = new ConcurrentDictionary<string, long>();
        var senders = new List<RawClient>();
        for (var c = 0; c < 3; c++) senders.Add(await RawClient.LoginAsync(endPoint, $"sender{c}"));
        var traffic = senders.Select((client, c) =>
        {
            var inFlight = new SemaphoreSlim(50);
            var connectionGone = new CancellationTokenSource();
            return Task.WhenAll(
                Task.Run(async () =>
                {
                    try
                    {
                        for (var i = 0; i < 20_000; i++)
                        {
                            await inFlight.WaitAsync(connectionGone.Token);
                            await client.SendAsync(new SayRequest($"c{c}-{i}") { Id = $"c{c}-{i}" });
                        }
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException) { } // the server died
                }),
                Task.Run(async () =>
                {
                    try
                    {
                        while (true)
                            if (await client.NextAsync() is ChatMessage { Ref.Text: { } reference } own)
                            {
                                acknowledged[reference] = own.Id;
                                inFlight.Release();
                            }
                    }
                    // the server died; the last frame may be cut in half (and undecodable)
                    catch (Exception e) when (e is IOException or EndOfStreamException or TimeoutException or Xunit.Sdk.XunitException) { }
                    finally
                    {
                        connectionGone.Cancel();
                    }
                }));
        }).ToList();

        // mid-traffic, then pull the plug
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (acknowledged.Count < 300)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {acknowledged.Count} posts were acknowledged in a minute");
            await Task.Delay(10);
        }
        await first.CrashAsync();
        await Task.WhenAll(traffic).WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var s in senders) await s.DisposeAsync();

        await using var second = ChildProcess.Start("actorchat-server", ["--port", "0", "--idle-shutdown", "0", "--rate", "0", .. StoreArgs()]);
        var again = new IPEndPoint(IPAddress.Loopback, int.Parse((await second.WaitForLineAsync(@"listening on 127\.0\.0\.1:(\d+)")).Groups[1].Value));
        await using var reader = await RawClient.LoginAsync(again, "reader");
        var history = await WholeHistory(reader, "lobby");

        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(m => m.Id)); // in order, no gaps
        Assert.Equal(history.Count, history.Select(m => m.Text).Distinct().Count());                      // nothing twice
        var stored = history.ToDictionary(m => m.Text, m => m.Id);
        Assert.All(acknowledged, ack => Assert.Equal(ack.Value, stored.GetValueOrDefault(ack.Key)));     // every ack kept, same id
        Assert.True(history.Count >= acknowledged.Count);

        await reader.SendAsync(new SayRequest("after the crash") { Id = "x" });
        Assert.Equal(history.Count + 1, (await reader.WaitForAsync<ChatMessage>(m => m.Ref == RequestRef.Of("x"))).Id);
    }
}
