using System.Net;
using System.Text.RegularExpressions;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Shared;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// Issue 15: the real server and client programs keep their data folders to their user. Modes are
/// read with <see cref="File.GetUnixFileMode(string)"/>, not by trying to read as someone else:
/// the tests run as root, whom no mode stops.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // modes, and who owns a file (statx)
public sealed class PrivateFilesProcessTests : IDisposable
{
    private const UnixFileMode OpenFolder = (UnixFileMode)0b111_101_101; // 0755
    private const UnixFileMode OpenFile = (UnixFileMode)0b110_100_100;   // 0644

    private readonly TempDirectory _temp = new();
    private readonly string _serverData;
    private readonly string _clientData;

    public PrivateFilesProcessTests()
    {
        _serverData = _temp.File("server-data");
        _clientData = _temp.File("client-data");
    }

    public void Dispose() => _temp.Dispose();

    private async Task<(ChildProcess Process, IPEndPoint EndPoint)> StartServer()
    {
        var process = ChildProcess.Start("actorchat-server", "--port", "0", "--data-dir", _serverData, "--idle-shutdown", "0");
        var match = await process.WaitForLineAsync(@"listening on 127\.0\.0\.1:(\d+)");
        return (process, new IPEndPoint(IPAddress.Loopback, int.Parse(match.Groups[1].Value)));
    }

    private ChildProcess StartClient(IPEndPoint server, string name) =>
        ChildProcess.Start("actorchat", "--host", "127.0.0.1", "--port", server.Port.ToString(), "--name", name, "--data-dir", _clientData);

    /// <summary>The folder and everything below it, as paths relative to it ("." for itself; folders end in /).</summary>
    private static List<string> EverythingIn(string folder) =>
    [
        "./",
        .. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(folder, path) + (Directory.Exists(path) ? "/" : ""))
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>Every path in the folder (itself included) that the group or others have any permission on, with its mode.</summary>
    private static List<string> OpenToOthers(string folder) =>
    [
        .. EverythingIn(folder)
            .Select(relative => (relative, mode: File.GetUnixFileMode(Path.Combine(folder, relative))))
            .Where(entry => PrivateFiles.IsOpenToOthers(entry.mode))
            .Select(entry => $"{entry.relative} {PrivateFiles.Octal(entry.mode)}"),
    ];

    private static void MakeFolder(string path, UnixFileMode mode)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, mode);
    }

    private static void MakeFile(string path, string text, UnixFileMode mode)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
    }

    [Fact]
    public async Task A_fresh_server_and_client_keep_every_file_and_folder_to_their_user_after_a_chat_with_direct_messages()
    {
        var (server, endPoint) = await StartServer();
        await using var _ = server;
        await using var bob = await RawClient.LoginAsync(endPoint, "bob");
        await using (var alice = StartClient(endPoint, "alice"))
        {
            await alice.WaitForLineAsync("welcome, alice");
            await bob.SendAsync(new DmRequest("alice", "a secret for alice"));
            await alice.WaitForLineAsync(@"\[dm bob -> alice\] a secret for alice");
            await alice.Input.WriteLineAsync("/msg bob a secret for bob");
            Assert.Equal("a secret for bob", (await bob.WaitForAsync<ChatMessage>(m => m.IsDirect && m.From == "alice")).Text);
            await alice.Input.WriteLineAsync("hello, lobby");
            Assert.Equal("hello, lobby", (await bob.WaitForAsync<ChatMessage>(m => !m.IsDirect && m.From == "alice")).Text);
            await alice.Input.WriteLineAsync("/msg nobody anyone there?"); // an error: errors.log gets a line
            await alice.WaitForLineAsync("! no_such_user");
            alice.Input.Close();
            Assert.Equal(0, await alice.WaitForExitAsync());
        }

        // The server still runs: SQLite's write-ahead log and shared memory are there to be checked.
        Assert.True(File.Exists(Path.Combine(_serverData, "actorchat.db-wal")), "no -wal file: " + string.Join(", ", EverythingIn(_serverData)));
        Assert.Superset(new HashSet<string> { "./", "actorchat.db", "actorchat.db-wal", "actorchat.db-shm", "logs/" }, EverythingIn(_serverData).ToHashSet());
        Assert.Contains(EverythingIn(_serverData), path => path.StartsWith("logs/actorchat-", StringComparison.Ordinal));
        Assert.Equal(["./", "errors.log", "history-alice.log"], EverythingIn(_clientData));

        Assert.Empty(OpenToOthers(_serverData));
        Assert.Empty(OpenToOthers(_clientData));
    }

    [Fact]
    public async Task Folders_the_programs_made_earlier_with_world_readable_modes_are_tightened_on_start()
    {
        MakeFolder(_serverData, OpenFolder);
        MakeFile(Path.Combine(_serverData, "actorchat.db"), "", OpenFile); // an empty file is an empty SQLite database
        MakeFolder(Path.Combine(_serverData, "logs"), OpenFolder);
        MakeFile(Path.Combine(_serverData, "logs", "actorchat-20260101.log"), "an old day\n", OpenFile);
        MakeFolder(_clientData, OpenFolder);
        MakeFile(Path.Combine(_clientData, "history-alice.log"), "an old line\n", OpenFile);

        var (server, endPoint) = await StartServer();
        await using var _ = server;
        Assert.Single(server.OutputSoFar(), line => line.Contains($"Made the data folder {_serverData} private to its user: 4 entries"));
        Assert.DoesNotContain(server.OutputSoFar(), line => line.Contains("WRN"));
        await using (var alice = StartClient(endPoint, "alice"))
        {
            await alice.WaitForLineAsync("welcome, alice");
            alice.Input.Close();
            Assert.Equal(0, await alice.WaitForExitAsync());
            Assert.DoesNotContain(alice.OutputSoFar(), line => line.Contains("warning"));
        }

        Assert.True(File.Exists(Path.Combine(_serverData, "actorchat.db-wal"))); // made after the database was tightened: as private
        Assert.Empty(OpenToOthers(_serverData));
        Assert.Empty(OpenToOthers(_clientData));
        Assert.StartsWith("an old line", File.ReadAllText(Path.Combine(_clientData, "history-alice.log")));
    }

    [Fact]
    public async Task A_folder_the_server_did_not_make_that_others_can_read_is_warned_about_once_and_left_as_it_is()
    {
        MakeFolder(_serverData, OpenFolder);
        MakeFile(Path.Combine(_serverData, "notes.txt"), "the operator's", OpenFile);

        var (server, _) = await StartServer();
        await using var process = server;

        var warning = Assert.Single(server.OutputSoFar(), line => line.Contains("WRN"));
        Assert.Matches($@"\[\d\d:\d\d:\d\d WRN\] The data folder {Regex.Escape(_serverData)} is open to other users \(mode 0755\) but is not ActorChat's own \(it holds notes\.txt,", warning);
        Assert.Equal(OpenFolder, File.GetUnixFileMode(_serverData));
        Assert.Equal(OpenFile, File.GetUnixFileMode(Path.Combine(_serverData, "notes.txt")));
        // What the server itself writes there is still its user's only.
        Assert.True(File.Exists(Path.Combine(_serverData, "actorchat.db-wal")));
        Assert.Equal(["./ 0755", "notes.txt 0644"], OpenToOthers(_serverData));
    }
}
