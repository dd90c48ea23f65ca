using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Server.Storage;

/// <summary>
/// Commits never checkpoint the SQLite log themselves (automatic checkpoints are off), so the
/// database file grows only because the background checkpointer copies the log into it.
/// </summary>
public sealed class WalCheckpointerTests
{
    [Fact]
    public async Task Stored_messages_reach_the_database_file_through_the_background_checkpointer()
    {
        using var storage = new TempStorage();
        var limits = new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero, RatePerSecond = 0 };
        await using var server = await ChatServer.StartAsync(limits, storage.Settings);
        var databaseBefore = new FileInfo(storage.Settings.SqlitePath).Length;

        await using var alice = await RawClient.LoginAsync(server.EndPoint, "alice");
        var text = new string('x', 1000);
        for (var i = 0; i < 300; i++) await alice.SendAsync(new SayRequest(text, "lobby") { Id = i });
        await alice.WaitForAsync<ChatMessage>(m => m.Ref?.Number == 299);

        // 300 messages of 1 KB: the file must grow by far more than a page once they are checkpointed
        await Eventually.TrueAsync(() => Task.FromResult(new FileInfo(storage.Settings.SqlitePath).Length > databaseBefore + 200_000),
            "the database file to receive the log's pages", TimeSpan.FromSeconds(15));
    }
}
