using ActorChat.Shared;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Shared;

/// <summary>
/// A data folder kept to its user: created 0700, an own one tightened, another open one warned
/// about. Modes are read with <see cref="File.GetUnixFileMode(string)"/>: the tests run as root,
/// who can read anything, so trying to read would prove nothing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // modes, and who owns a file (statx)
public sealed class PrivateFolderTests : IDisposable
{
    private const UnixFileMode Loose = (UnixFileMode)0b111_101_101;     // 0755
    private const UnixFileMode LooseFile = (UnixFileMode)0b110_100_100; // 0644
    private static readonly string[] Own = ["actorchat.db", "actorchat.db-wal", "logs/", "logs/actorchat-*.log"];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private PrivateFolder Folder(string name = "data") => new(_temp.File(name), Own);

    private string MakeFolder(string relative, UnixFileMode mode)
    {
        var path = _temp.File(relative);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private string MakeFile(string relative, UnixFileMode mode)
    {
        var path = _temp.File(relative);
        File.WriteAllText(path, "x");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static UnixFileMode Mode(string path) => File.GetUnixFileMode(path);

    [Fact]
    public void A_missing_folder_is_created_0700_with_its_missing_parents_and_nothing_said()
    {
        var folder = new PrivateFolder(_temp.File("a/b/data"), Own);

        Assert.Equal(PrivateFolderReport.Quiet, folder.Prepare());

        Assert.Equal(PrivateFiles.FolderMode, Mode(folder.Path));
    }

    [Fact]
    public void An_own_folder_with_looser_modes_is_tightened_with_everything_in_it_and_one_note()
    {
        var data = MakeFolder("data", Loose);
        var db = MakeFile("data/actorchat.db", LooseFile);
        var logs = MakeFolder("data/logs", Loose);
        var log = MakeFile("data/logs/actorchat-20260101_001.log", LooseFile | UnixFileMode.OtherWrite);

        var report = Folder().Prepare();

        Assert.Null(report.Warning);
        Assert.Equal($"Made the data folder {data} private to its user: 4 entries set to 0700 (folders) or 0600 (files)", report.Note);
        Assert.Equal([PrivateFiles.FolderMode, PrivateFiles.FileMode, PrivateFiles.FolderMode, PrivateFiles.FileMode], new[] { data, db, logs, log }.Select(Mode));
    }

    [Fact]
    public void An_empty_folder_of_the_user_counts_as_own_and_is_tightened()
    {
        var data = MakeFolder("data", Loose);

        Assert.NotNull(Folder().Prepare().Note);

        Assert.Equal(PrivateFiles.FolderMode, Mode(data));
    }

    [Fact]
    public void An_own_folder_that_is_private_already_gets_no_change_and_no_line()
    {
        MakeFolder("data", PrivateFiles.FolderMode);
        MakeFile("data/actorchat.db", PrivateFiles.FileMode);

        Assert.Equal(PrivateFolderReport.Quiet, Folder().Prepare());
    }

    [Fact]
    public void A_folder_that_holds_other_files_is_left_as_it_is_with_one_warning_naming_it_and_the_file()
    {
        var data = MakeFolder("data", Loose);
        var db = MakeFile("data/actorchat.db", LooseFile);
        var notes = MakeFile("data/notes.txt", LooseFile);

        var report = Folder().Prepare();

        Assert.Null(report.Note);
        Assert.StartsWith($"The data folder {data} is open to other users (mode 0755) but is not ActorChat's own (it holds notes.txt, which ActorChat does not write)", report.Warning);
        Assert.Contains($"chmod 700 {data}", report.Warning);
        Assert.Equal([Loose, LooseFile, LooseFile], new[] { data, db, notes }.Select(Mode));
    }

    [Fact]
    public void A_foreign_entry_deeper_down_or_in_the_wrong_place_makes_the_folder_not_own()
    {
        MakeFolder("data", Loose);
        MakeFolder("data/logs", Loose);
        MakeFile("data/logs/other.log", LooseFile);

        Assert.Contains("it holds logs/other.log,", Folder().Prepare().Warning);
    }

    [Fact]
    public void A_symbolic_link_is_not_own_and_what_it_leads_to_is_not_touched()
    {
        var data = MakeFolder("data", Loose);
        var elsewhere = MakeFile("elsewhere.txt", LooseFile);
        File.CreateSymbolicLink(Path.Combine(data, "actorchat.db"), elsewhere);

        Assert.Contains("it holds actorchat.db,", Folder().Prepare().Warning);

        Assert.Equal(LooseFile, Mode(elsewhere));
        Assert.Equal(Loose, Mode(data));
    }

    [Fact]
    public void A_file_name_with_a_line_break_stays_on_the_warnings_one_line()
    {
        MakeFolder("data", Loose);
        MakeFile("data/evil\nname", LooseFile);

        var warning = Folder().Prepare().Warning!;

        Assert.DoesNotContain('\n', warning);
        Assert.Contains("it holds evil?name,", warning);
    }

    [Fact]
    public void A_folder_that_is_not_own_but_closed_to_others_gets_no_line()
    {
        MakeFolder("data", PrivateFiles.FolderMode);
        MakeFile("data/notes.txt", LooseFile);

        Assert.Equal(PrivateFolderReport.Quiet, Folder().Prepare());
    }

    [SkippableFact]
    public async Task A_folder_of_another_user_is_left_as_it_is_with_one_warning()
    {
        Skip.IfNot(UnixEntry.CurrentUser == 0, "giving a folder to another user needs root");
        var data = MakeFolder("data", Loose);
        MakeFile("data/actorchat.db", LooseFile);
        await using (var chown = ChildProcess.StartExecutable("chown", ["-R", "65534", data]))
            Assert.Equal(0, await chown.WaitForExitAsync());

        var report = Folder().Prepare();

        Assert.Contains("(it belongs to user id 65534, not to user id 0 that this program runs as)", report.Warning);
        Assert.Equal(Loose, Mode(data));
        Assert.Equal(LooseFile, Mode(Path.Combine(data, "actorchat.db")));
    }

    [Theory]
    [InlineData("actorchat.db", true)]
    [InlineData("actorchat.db-wal", true)]
    [InlineData("actorchat.db-shm", false)]
    [InlineData("logs/", true)]
    [InlineData("logs", false)]
    [InlineData("logs/actorchat-20260101.log", true)]
    [InlineData("logs/actorchat-.log", true)]
    [InlineData("logs/deeper/actorchat-1.log", false)]
    [InlineData("logs/actorchat-1.log.gz", false)]
    [InlineData("actorchat-1.log", false)]
    public void Own_entries_are_named_exactly_or_around_one_star_that_matches_no_slash(string relative, bool own) =>
        Assert.Equal(own, Folder().IsOwn(relative));

    [Fact]
    public void New_files_are_0600_from_the_start_whatever_the_umask_and_an_existing_one_is_left_alone()
    {
        var created = _temp.File("created");
        PrivateFiles.CreateFileIfMissing(created);
        using (var appended = PrivateFiles.OpenToAppend(_temp.File("appended"))) appended.WriteByte(1);
        var existing = MakeFile("existing", LooseFile);
        PrivateFiles.CreateFileIfMissing(existing);

        Assert.Equal(PrivateFiles.FileMode, Mode(created));
        Assert.Equal(PrivateFiles.FileMode, Mode(_temp.File("appended")));
        Assert.Equal(LooseFile, Mode(existing));
        Assert.Equal("x", File.ReadAllText(existing));
    }

    [Fact]
    public void Unix_entries_tell_files_folders_links_and_the_owner()
    {
        var file = MakeFile("file", LooseFile);
        var link = _temp.File("link");
        File.CreateSymbolicLink(link, file);

        Assert.Equal(new UnixEntry(UnixEntryKind.File, LooseFile, UnixEntry.CurrentUser), UnixEntry.Of(file));
        Assert.Equal(UnixEntryKind.Folder, UnixEntry.Of(_temp.Path)?.Kind);
        Assert.Equal(UnixEntryKind.SymbolicLink, UnixEntry.Of(link)?.Kind);
        Assert.Equal(UnixEntryKind.File, UnixEntry.Of(link, followLink: true)?.Kind);
        Assert.Null(UnixEntry.Of(_temp.File("missing")));
    }

    [Fact]
    public void Open_to_others_means_any_permission_of_the_group_or_others()
    {
        Assert.False(PrivateFiles.IsOpenToOthers(PrivateFiles.FolderMode));
        Assert.True(PrivateFiles.IsOpenToOthers(PrivateFiles.FolderMode | UnixFileMode.OtherExecute));
        Assert.True(PrivateFiles.IsOpenToOthers(PrivateFiles.FileMode | UnixFileMode.GroupRead));
    }
}
