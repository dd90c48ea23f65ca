using System.Diagnostics;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Packaging;

/// <summary>
/// docs/actorchat.service: systemd accepts it, it keeps the data in its StateDirectory, and the
/// server takes the options of its ExecStart (run here with the port and folder made local).
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly string UnitFile = Path.Combine(RepositoryRoot.Path, "docs", "actorchat.service");

    private static Dictionary<string, string> Settings() =>
        File.ReadLines(UnitFile)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('[') && line.Contains('='))
            .Select(line => line.Split('=', 2))
            .GroupBy(pair => pair[0], pair => pair[1])
            .ToDictionary(g => g.Key, g => string.Join(" ", g));

    private static string[] ExecStart() => Settings()["ExecStart"].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Option(string[] command, string name) => command[Array.IndexOf(command, name) + 1];

    [Fact]
    public void The_unit_runs_a_dedicated_user_with_its_data_in_the_state_directory_and_restarts_on_failure()
    {
        var settings = Settings();
        Assert.Equal("actorchat", settings["User"]);
        Assert.Equal("actorchat", settings["StateDirectory"]);
        Assert.Equal("0700", settings["StateDirectoryMode"]); // as the server keeps its data folder (README, "Private files")
        Assert.Equal("0077", settings["UMask"]);
        Assert.Equal("/var/lib/actorchat", Option(ExecStart(), "--data-dir"));
        Assert.Equal("0", Option(ExecStart(), "--idle-shutdown")); // exit 0 after idling would not be restarted
        Assert.Equal("on-failure", settings["Restart"]);
        Assert.Equal("yes", settings["NoNewPrivileges"]);
        Assert.Equal("strict", settings["ProtectSystem"]);
        Assert.Contains("/var/lib/actorchat", settings["ReadWritePaths"].Split(' '));
        Assert.Contains(settings["Environment"].Split(' '), e => e == "DOTNET_BUNDLE_EXTRACT_BASE_DIR=/var/cache/actorchat");
        Assert.Equal("actorchat", settings["CacheDirectory"]);
        Assert.True(long.Parse(settings["LimitNOFILE"]) >= 65536);
        Assert.False(settings.ContainsKey("MemoryDenyWriteExecute"), "the .NET JIT needs memory it writes and runs");
    }

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Systemd_analyze_verifies_the_unit()
    {
        Skip.If(!File.Exists("/usr/bin/systemd-analyze") && Environment.GetEnvironmentVariable("CI") != "true", "systemd-analyze is not installed");
        using var folder = new TempDirectory();
        // Verification checks that ExecStart's program exists: point it at an executable that does.
        var fake = folder.File("actorchat-server");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var unit = folder.File("actorchat.service");
        await File.WriteAllTextAsync(unit, (await File.ReadAllTextAsync(UnitFile)).Replace("/usr/local/bin/actorchat-server", fake));

        using var verify = Process.Start(new ProcessStartInfo("systemd-analyze", ["verify", unit])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await verify.StandardOutput.ReadToEndAsync() + await verify.StandardError.ReadToEndAsync();
        await verify.WaitForExitAsync();
        Assert.True(verify.ExitCode == 0 && output.Trim().Length == 0, output);
    }

    [Fact]
    public async Task The_server_accepts_the_options_of_ExecStart()
    {
        using var storage = new TempStorage();
        var command = ExecStart();
        Assert.Equal("/usr/local/bin/actorchat-server", command[0]);
        var args = command[1..];
        args[Array.IndexOf(args, "--data-dir") + 1] = storage.Settings.DataDirectory;
        args[Array.IndexOf(args, "--port") + 1] = "0";
        args[Array.IndexOf(args, "--host") + 1] = "127.0.0.1"; // the tests listen on loopback only
        await using var server = ChildProcess.Start("actorchat-server", args);
        await server.WaitForLineAsync(@"listening on 127\.0\.0\.1:\d+");
        server.Signal("TERM");
        Assert.Equal(0, await server.WaitForExitAsync());
    }
}
