using ActorChat.Shared;
using Serilog;
using Serilog.Events;

namespace ActorChat.Server.Hosting;

/// <summary>
/// The server's log: Akka's logging bridged to Serilog, written to the console and to a
/// rolling file under the data directory (<c>logs/actorchat-YYYYMMDD.log</c>), so errors and
/// connects/disconnects can be read after the fact, as the seed's error log could. The folder is
/// created 0700 and the files 0600 (the process's umask, <see cref="PrivateFiles.RestrictNewFilesToOwner"/>).
/// </summary>
public static class ServerLog
{
    public const string FolderName = "logs";

    /// <summary>The log folder and its files (rolled ones are <c>actorchat-YYYYMMDD_NNN.log</c>), as <see cref="PrivateFolder"/> entries.</summary>
    public static readonly IReadOnlyList<string> OwnEntries = [FolderName + "/", FolderName + "/actorchat-*.log"];

    /// <summary>Sets up Serilog; Akka's log goes to it when the server is composed with <c>useServerLog</c> (<see cref="ServerComposition"/>).</summary>
    public static void Configure(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, FolderName);
        PrivateFiles.CreateFolder(folder);
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(
                Path.Combine(folder, "actorchat-.log"),
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: 50 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 30,
                restrictedToMinimumLevel: LogEventLevel.Information,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {LogSource}: {Message:lj}{NewLine}{Exception}",
                flushToDiskInterval: TimeSpan.FromSeconds(1))
            .CreateLogger();
    }

    /// <summary>What the start found in the data folder: a note at Information, a warning at Warning, one line each.</summary>
    public static void Record(PrivateFolderReport dataFolder)
    {
        var log = Log.ForContext("LogSource", nameof(ServerDataFolder));
        if (dataFolder.Note is { } note) log.Information("{Note}", note);
        if (dataFolder.Warning is { } warning) log.Warning("{Warning}", warning);
    }

    /// <summary>Writes out what is buffered (at exit).</summary>
    public static Task FlushAsync() => Log.CloseAndFlushAsync().AsTask();
}
