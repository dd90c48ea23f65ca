namespace ActorChat.Server.Storage;

/// <summary>When SQLite makes a commit durable: see <see cref="SqliteMessageStore"/>.</summary>
public enum SqliteSync
{
    /// <summary>Durable against the process dying; fsync at checkpoints.</summary>
    Normal,

    /// <summary>Durable against power loss too; fsync on every commit.</summary>
    Full,
}
