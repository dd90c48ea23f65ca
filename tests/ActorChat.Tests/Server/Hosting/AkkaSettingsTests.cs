using ActorChat.Server;
using ActorChat.Server.Hosting;
using ActorChat.Server.Network;
using ActorChat.Server.Storage;
using ActorChat.Tests.Support;
using Akka.Actor;
using Akka.Dispatch;
using Xunit;

namespace ActorChat.Tests.Server.Hosting;

/// <summary>
/// The Akka settings a composed server runs with (<see cref="ServerComposition"/>, <see cref="AkkaSettings"/>):
/// the values that follow the server's options reach Akka, the fixed ones name what they mean to, and
/// <c>--akka-config</c> is laid over all of them.
/// </summary>
public sealed class AkkaSettingsTests : IDisposable
{
    private readonly TempStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task The_write_queue_of_a_connection_follows_max_pending_write_bytes()
    {
        await using var server = await ChatServer.StartAsync(new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero, MaxPendingWriteBytes = 12345 }, _storage.Settings);

        Assert.Equal(12345, server.System.Settings.Config.GetInt("akka.io.tcp.write-commands-queue-max-size"));
    }

    [Fact]
    public async Task Dead_letters_are_not_logged_and_the_log_level_is_info()
    {
        await using var server = await ChatServer.StartAsync(new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero }, _storage.Settings);

        Assert.Equal("INFO", server.System.Settings.Config.GetString("akka.loglevel"));
        Assert.Equal(Akka.Event.LogLevel.InfoLevel, server.System.EventStream.LogLevel);
        Assert.Equal(0, server.System.Settings.LogDeadLetters);
    }

    [Fact]
    public async Task The_storage_dispatcher_and_the_compact_mailbox_are_known_to_the_server()
    {
        await using var server = await ChatServer.StartAsync(new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero }, _storage.Settings);
        var system = (ExtendedActorSystem)server.System;

        Assert.True(system.Dispatchers.HasDispatcher(StorageSettings.StorageDispatcher));
        Assert.IsType<CompactMailbox>(system.Mailboxes.Lookup(CompactMailbox.Id));
        var requirements = system.Settings.Config.GetConfig("akka.actor.mailbox.requirements").AsEnumerable().ToDictionary(pair => pair.Key, pair => pair.Value.GetString());
        Assert.Equal(CompactMailbox.Id, requirements[typeof(IUnboundedMessageQueueSemantics).FullName!]);
    }

    [Fact]
    public async Task An_akka_config_file_is_laid_over_every_other_setting()
    {
        var file = Path.Combine(_storage.Settings.DataDirectory, "extra.conf");
        await File.WriteAllTextAsync(file, "akka.io.tcp.write-commands-queue-max-size = 999\nakka.actor.ask-timeout = 7s\n");

        await using var server = await ChatServer.StartAsync(new ServerLimits { Port = 0, IdleShutdown = TimeSpan.Zero, MaxPendingWriteBytes = 12345 }, _storage.Settings,
            akkaConfigFile: new FileInfo(file));

        Assert.Equal(999, server.System.Settings.Config.GetInt("akka.io.tcp.write-commands-queue-max-size"));
        Assert.Equal(TimeSpan.FromSeconds(7), server.System.Settings.AskTimeout);
    }
}
