using ActorChat.Server.Persistence;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorChat.Tests.Support;

/// <summary>
/// A TestKit whose actor system stores into a fresh temporary SQLite file (or PostgreSQL
/// database), set up as the server sets up its own: the same HOCON and, for SQLite, the same
/// connection settings (<see cref="StorageSettings.Bootstrap"/>).
/// </summary>
public abstract class StoreTestKit : Akka.TestKit.Xunit2.TestKit
{
    private readonly TempStorage _storage;
    private JournalReader? _journal;

    protected StoreTestKit() : this(new TempStorage()) { }

    protected StoreTestKit(TempStorage storage) : base(Configure(storage)) => _storage = storage;

    // The first persistent actor of a system waits for the store to start (schema created,
    // connections opened): seconds on a loaded 2-core machine, so expectations wait longer.
    private static ActorSystemSetup Configure(TempStorage storage) =>
        storage.Settings.Bootstrap(ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.test.single-expect-default = 15s
            """));

    protected StorageSettings Storage => _storage.Settings;

    protected JournalReader Journal => _journal ??= new JournalReader(Sys);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _storage.Dispose();
    }
}
