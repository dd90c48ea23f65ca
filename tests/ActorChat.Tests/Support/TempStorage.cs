using ActorChat.Server.Persistence;
using Microsoft.Data.Sqlite;

namespace ActorChat.Tests.Support;

/// <summary>A fresh SQLite store in its own temporary folder, deleted at dispose.</summary>
public sealed class TempStorage : IDisposable
{
    public TempStorage()
    {
        var folder = Path.Combine(Path.GetTempPath(), "actorchat-tests", Guid.NewGuid().ToString("N"));
        Settings = new StorageSettings { DataDirectory = folder };
        Settings.Prepare();
    }

    public StorageSettings Settings { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Settings.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by a process the test killed; the OS temp cleaner takes it
        }
    }
}
