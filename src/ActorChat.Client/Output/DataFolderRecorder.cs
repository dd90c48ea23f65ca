using System.Security;
using System.Text;
using ActorChat.Shared;

namespace ActorChat.Client.Output;

/// <summary>
/// The client's per-user data folder: <c>history-NAME.log</c>, every chat line shown once
/// the name is known, and <c>errors.log</c>, always on. Both are <see cref="TimestampedLogFile"/>s.
/// </summary>
/// <remarks>
/// Lines shown before <c>welcome</c> (prompts, refused names) are not in any history: they
/// belong to no confirmed name. A folder or file that cannot be written turns that file off
/// with one notice on <c>problems</c>; the chat goes on.
/// The folder is the user's only (<see cref="PrivateFolder"/>): created 0700, the files 0600; the
/// client's own folder found with looser modes is tightened, and one that is not its own but open
/// to others gets one warning on <c>problems</c>.
/// </remarks>
public sealed class DataFolderRecorder : ISessionRecorder
{
    public const string ErrorLogFileName = "errors.log";

    /// <summary>What the client writes in its folder, in <see cref="PrivateFolder"/>'s terms.</summary>
    public static readonly IReadOnlyList<string> OwnEntries = [ErrorLogFileName, "history-*.log"];

    private readonly TimeProvider _clock;
    private readonly TextWriter _problems;
    private readonly bool _historyOn;
    private readonly TimestampedLogFile? _errors;
    private volatile TimestampedLogFile? _history;

    private DataFolderRecorder(string folder, bool usable, bool historyOn, TimeProvider clock, TextWriter problems)
    {
        Folder = folder;
        _clock = clock;
        _problems = problems;
        _historyOn = historyOn && usable;
        if (usable) _errors = new TimestampedLogFile(Path.Combine(folder, ErrorLogFileName), clock, problems, "the error log");
    }

    /// <summary>The folder used when <c>--data-dir</c> is not given: ActorChat in the user's local data folder.</summary>
    public static string DefaultFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "ActorChat");

    public string Folder { get; }

    /// <summary>The history file, once <see cref="LoggedIn"/> has named it; null before, or when off.</summary>
    public string? HistoryPath => _history?.Path;

    /// <summary>
    /// Creates the folder if missing, or checks the one there (<see cref="PrivateFolder"/>). Never
    /// throws: an unusable folder turns both files off, said once; a folder open to others, once.
    /// </summary>
    /// <param name="history">False for <c>--no-history</c>: only the error log is written.</param>
    public static DataFolderRecorder Open(string folder, bool history, TimeProvider clock, TextWriter problems)
    {
        var usable = true;
        try
        {
            if (new PrivateFolder(folder, OwnEntries).Prepare().Warning is { } warning) Say(problems, "! warning: " + warning);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException or NotSupportedException or ArgumentException)
        {
            usable = false;
            Say(problems, $"! cannot use the data folder {folder}: {e.Message.TrimEnd('.')}; the history and the error log are off");
        }
        return new DataFolderRecorder(folder, usable, history, clock, problems);
    }

    private static void Say(TextWriter problems, string line)
    {
        try
        {
            problems.WriteLine(line);
        }
        catch (IOException)
        {
            // Standard error is gone too.
        }
    }

    /// <summary>
    /// <c>history-NAME.log</c>. The name comes from the server, so anything but the characters
    /// a name may have (letters, digits, <c>_ - .</c>) becomes <c>_</c>: it cannot leave the folder.
    /// </summary>
    public static string HistoryFileName(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name.Length > 64 ? name[..64] : name)
            safe.Append(char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_');
        return $"history-{safe}.log";
    }

    public void LoggedIn(string name)
    {
        if (!_historyOn) return;
        var path = Path.Combine(Folder, HistoryFileName(name));
        if (_history?.Path != path) _history = new TimestampedLogFile(path, _clock, _problems, "the history");
    }

    public void Shown(string line) => _history?.Append(line);

    public void Error(string text) => _errors?.Append(text);
}
