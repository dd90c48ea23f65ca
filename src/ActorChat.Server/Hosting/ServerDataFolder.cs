using ActorChat.Server.Storage;
using ActorChat.Shared;

namespace ActorChat.Server.Hosting;

/// <summary>
/// The server's data folder (<c>--data-dir</c>) as a <see cref="PrivateFolder"/>: the SQLite files
/// and the logs are what the server writes there, so a folder of the server's user that holds only
/// those (or nothing) is the server's own and is kept 0700, its files 0600.
/// </summary>
public static class ServerDataFolder
{
    /// <summary>Everything the server writes in the data folder, in <see cref="PrivateFolder"/>'s terms.</summary>
    public static readonly IReadOnlyList<string> OwnEntries = [.. StorageSettings.SqliteFileNames, .. ServerLog.OwnEntries];

    /// <summary>The data folder of these settings (it holds the logs whatever the store).</summary>
    public static PrivateFolder Of(StorageSettings storage) => new(storage.DataDirectory, OwnEntries);
}
