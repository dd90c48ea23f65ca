namespace ActorChat.Server.Configuration;

/// <summary>
/// Calls back when the configuration file changes (written in place, or replaced by a rename as
/// editors and deployment tools do), once per burst of changes: a save is often several events.
/// </summary>
public sealed class ConfigurationFileWatch : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    private readonly FileSystemWatcher _watcher;
    private readonly Timer _settle;

    private ConfigurationFileWatch(FileInfo file, Action changed)
    {
        _settle = new Timer(_ => changed());
        _watcher = new FileSystemWatcher(file.DirectoryName!, file.Name)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Touched();
        _watcher.Created += (_, _) => Touched();
        _watcher.Renamed += (_, _) => Touched();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Watches <paramref name="file"/>; null (nothing to watch) without one.</summary>
    public static ConfigurationFileWatch? Start(FileInfo? file, Action changed) => file is null ? null : new ConfigurationFileWatch(file, changed);

    private void Touched() => _settle.Change(Settle, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _watcher.Dispose();
        _settle.Dispose();
    }
}
