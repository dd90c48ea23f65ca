using ActorChat.Server.Accounts;
using ActorChat.Server.Storage;
using Akka.Configuration;

namespace ActorChat.Tests.Support;

/// <summary>
/// A TestKit with a fresh temporary store (a SQLite file, or a PostgreSQL database) and its
/// message writer running in the test's actor system, set up as the server sets up its own.
/// </summary>
public abstract class StoreTestKit : Akka.TestKit.Xunit2.TestKit
{
    private readonly TempStorage _storage;
    private readonly IMessageStore _store;

    protected StoreTestKit() : this(new TempStorage()) { }

    protected StoreTestKit(TempStorage storage) : base(ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.test.single-expect-default = 15s
            """).WithFallback(StorageSettings.DispatcherConfig))
    {
        _storage = storage;
        _store = storage.Settings.OpenStore();
        Messages = new MessageStorage(Sys.ActorOf(MessageWriter.Props(_store), "message-writer"), _store);
        _passwordChecks = new PasswordCheckQueue(1, 64);
        Accounts = new AccountServices(_store.Accounts, new PasswordHasher(CheapHashCost), _passwordChecks);
    }

    /// <summary>Argon2id at its cheapest (tests that are not about the cost hash many passwords).</summary>
    public static readonly Argon2Cost CheapHashCost = new(8, 1);

    private readonly PasswordCheckQueue _passwordChecks;

    /// <summary>The store's accounts, hashed cheaply on a thread of their own, as the directory's desk gets them.</summary>
    protected AccountServices Accounts { get; }

    protected StorageSettings Storage => _storage.Settings;

    /// <summary>The store and its writer, as rooms and conversations get them.</summary>
    protected MessageStorage Messages { get; }

    protected IMessageStore Store => _store;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        _passwordChecks.Dispose();
        _store.Dispose();
        _storage.Dispose();
    }
}
