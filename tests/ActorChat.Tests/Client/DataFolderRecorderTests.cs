using System.Text;
using ActorChat.Client.Output;

namespace ActorChat.Tests.Client;

public sealed class DataFolderRecorderTests : IDisposable
{
    // 10:03:04 UTC is 12:03:04 in the test zone: the timestamps are local time.
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 25, 10, 3, 4, TimeSpan.Zero), FixedClock.PlusTwo);
    private readonly TempDirectory _temp = new();
    private readonly StringWriter _stderr = new();

    public void Dispose() => _temp.Dispose();

    private DataFolderRecorder Open(bool history = true, string? folder = null) =>
        DataFolderRecorder.Open(folder ?? _temp.Path, history, _clock, _stderr);

    private static string[] Lines(string path) => File.ReadAllLines(path, Encoding.UTF8);

    [Fact]
    public void Writes_shown_lines_to_the_users_history_file_with_local_date_and_time()
    {
        var recorder = Open();
        recorder.Shown("? your name:"); // before welcome: no name, no history
        recorder.LoggedIn("alice");
        recorder.Shown("12:03 [lobby] alice: hello");
        recorder.Shown("12:03 [dm bob -> alice] hi");

        Assert.Equal(_temp.File("history-alice.log"), recorder.HistoryPath);
        Assert.Equal(
        [
            "2026-11-25 12:03:04 12:03 [lobby] alice: hello",
            "2026-11-25 12:03:04 12:03 [dm bob -> alice] hi",
        ], Lines(_temp.File("history-alice.log")));
        Assert.Equal("", _stderr.ToString());
    }

    [Fact]
    public void Appends_to_an_existing_history_in_utf8_without_bom()
    {
        foreach (var line in new[] { "first", "second: héllo ✓" })
        {
            var recorder = Open(); // a new client run each time
            recorder.LoggedIn("alice");
            recorder.Shown(line);
        }

        var bytes = File.ReadAllBytes(_temp.File("history-alice.log"));
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal(
            "2026-11-25 12:03:04 first" + Environment.NewLine + "2026-11-25 12:03:04 second: héllo ✓" + Environment.NewLine,
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
    }

    [Fact]
    public void No_control_character_reaches_the_files_and_every_line_is_timestamped()
    {
        var recorder = Open();
        recorder.LoggedIn("alice");
        recorder.Shown("evil \u001b[2J \u0007 \u202e text");
        recorder.Error("first\r\nsecond\u009b");

        Assert.Equal(["2026-11-25 12:03:04 evil \\x1b[2J \\x07 \\u202e text"], Lines(_temp.File("history-alice.log")));
        Assert.Equal(["2026-11-25 12:03:04 first", "2026-11-25 12:03:04 second\\x9b"], Lines(_temp.File("errors.log")));
    }

    [Fact]
    public void No_history_writes_no_history_file_but_still_the_error_log()
    {
        var recorder = Open(history: false);
        recorder.LoggedIn("alice");
        recorder.Shown("12:03 [lobby] alice: hello");
        recorder.Error("! name_taken: alice is taken");

        Assert.Null(recorder.HistoryPath);
        Assert.Equal(["errors.log"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
        Assert.Equal(["2026-11-25 12:03:04 ! name_taken: alice is taken"], Lines(_temp.File("errors.log")));
    }

    [Fact]
    public void Errors_go_to_the_error_log_before_and_after_login()
    {
        var recorder = Open();
        recorder.Error("! cannot connect to 127.0.0.1:1: refused");
        recorder.LoggedIn("alice");
        recorder.Error("! unreadable frame from the server (bad_json): nope");

        Assert.Equal(
        [
            "2026-11-25 12:03:04 ! cannot connect to 127.0.0.1:1: refused",
            "2026-11-25 12:03:04 ! unreadable frame from the server (bad_json): nope",
        ], Lines(_temp.File("errors.log")));
        Assert.False(File.Exists(_temp.File("history-alice.log"))); // nothing shown, nothing written
    }

    [Fact]
    public void Creates_a_missing_data_folder()
    {
        var folder = Path.Combine(_temp.Path, "deeper", "ActorChat");
        var recorder = Open(folder: folder);
        recorder.LoggedIn("bob");
        recorder.Shown("hello");

        Assert.Equal(["2026-11-25 12:03:04 hello"], Lines(Path.Combine(folder, "history-bob.log")));
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_new_data_folder_is_0700_and_its_files_0600()
    {
        var folder = Path.Combine(_temp.Path, "deeper", "ActorChat");
        var recorder = Open(folder: folder);
        recorder.LoggedIn("bob");
        recorder.Shown("hello");
        recorder.Error("! oops");

        Assert.Equal(ActorChat.Shared.PrivateFiles.FolderMode, File.GetUnixFileMode(folder));
        Assert.Equal(ActorChat.Shared.PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(folder, "history-bob.log")));
        Assert.Equal(ActorChat.Shared.PrivateFiles.FileMode, File.GetUnixFileMode(Path.Combine(folder, "errors.log")));
        Assert.Equal("", _stderr.ToString());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void The_clients_own_folder_left_world_readable_by_an_older_version_is_tightened_without_a_word()
    {
        const UnixFileMode worldReadable = (UnixFileMode)0b110_100_100; // 0644
        File.WriteAllText(_temp.File("history-alice.log"), "old line\n");
        File.WriteAllText(_temp.File("errors.log"), "old error\n");
        foreach (var file in new[] { "history-alice.log", "errors.log" }) File.SetUnixFileMode(_temp.File(file), worldReadable);
        File.SetUnixFileMode(_temp.Path, worldReadable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        var recorder = Open();
        recorder.LoggedIn("alice");
        recorder.Shown("new line");

        Assert.Equal(ActorChat.Shared.PrivateFiles.FolderMode, File.GetUnixFileMode(_temp.Path));
        Assert.Equal(ActorChat.Shared.PrivateFiles.FileMode, File.GetUnixFileMode(_temp.File("history-alice.log")));
        Assert.Equal(ActorChat.Shared.PrivateFiles.FileMode, File.GetUnixFileMode(_temp.File("errors.log")));
        Assert.Equal("old line", Lines(_temp.File("history-alice.log"))[0]);
        Assert.Equal("", _stderr.ToString());
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_folder_that_is_not_the_clients_own_and_is_open_to_others_is_warned_about_once_and_left_as_it_is()
    {
        const UnixFileMode open = (UnixFileMode)0b111_101_101; // 0755
        File.WriteAllText(_temp.File("notes.txt"), "mine");
        File.SetUnixFileMode(_temp.Path, open);

        var recorder = Open();
        recorder.LoggedIn("alice");
        recorder.Shown("hello");
        recorder.Error("! oops");

        var warning = Assert.Single(_stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"! warning: The data folder {_temp.Path} is open to other users (mode 0755)", warning);
        Assert.Contains("notes.txt", warning);
        Assert.Equal(open, File.GetUnixFileMode(_temp.Path));
        Assert.Equal(ActorChat.Shared.PrivateFiles.FileMode, File.GetUnixFileMode(_temp.File("history-alice.log"))); // its own new files are private still
        Assert.Equal(["2026-11-25 12:03:04 hello"], Lines(_temp.File("history-alice.log")));
    }

    [Fact]
    public void An_unusable_data_folder_does_not_throw_and_is_reported_once()
    {
        // A folder below a regular file can never be created, even by root.
        var file = _temp.File("not-a-folder");
        File.WriteAllText(file, "");
        var recorder = Open(folder: Path.Combine(file, "ActorChat"));

        recorder.LoggedIn("alice");
        recorder.Shown("hello");
        recorder.Error("! oops");
        recorder.Shown("again");

        var notices = _stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var notice = Assert.Single(notices);
        Assert.Contains("the history and the error log are off", notice);
    }

    [Fact]
    public void A_history_file_that_cannot_be_written_turns_the_history_off_once_and_the_chat_goes_on()
    {
        Directory.CreateDirectory(_temp.File("history-alice.log")); // a folder where the file should be
        var recorder = Open();
        recorder.LoggedIn("alice");

        recorder.Shown("one");
        recorder.Shown("two");
        recorder.Error("! still logged");

        var notice = Assert.Single(_stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("! cannot write " + _temp.File("history-alice.log"), notice);
        Assert.EndsWith("the history is off", notice);
        Assert.Equal(["2026-11-25 12:03:04 ! still logged"], Lines(_temp.File("errors.log")));
    }

    [Theory]
    [InlineData("alice", "history-alice.log")]
    [InlineData("Zoë.2", "history-Zoë.2.log")]
    [InlineData("../../etc/passwd", "history-.._.._etc_passwd.log")]
    [InlineData("a\\b:c\u001b", "history-a_b_c_.log")]
    public void History_file_names_stay_inside_the_folder(string name, string expected) =>
        Assert.Equal(expected, DataFolderRecorder.HistoryFileName(name));
}
