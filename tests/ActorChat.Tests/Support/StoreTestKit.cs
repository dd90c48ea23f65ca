using ActorChat.Server.Persistence;
using Akka.Configuration;

namespace ActorChat.Tests.Support;

/// <summary>A TestKit whose actor system stores into a fresh temporary SQLite file.</summary>
public abstract class StoreTestKit : Akka.TestKit.Xunit2.TestKit
{
    private readonly TempStorage _storage;
    private JournalReader? _journal;

    protected StoreTestKit() : this(new TempStorage()) { }

    protected StoreTestKit(TempStorage storage) : base(Configure(storage)) => _storage = storage;

    // The first persistent actor of a system waits for the store to start (schema created,
    // connections opened): seconds on a loaded 2-core machine, so expectations wait longer.
    private static Config Configure(TempStorage storage) =>
        ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.test.single-expect-default = 15s
            """).WithFallback(storage.Settings.ToConfig());

    protected StorageSettings Storage => _storage.Settings;

    protected JournalReader Journal => _journal ??= new JournalReader(Sys);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _storage.Dispose();
    }
}
