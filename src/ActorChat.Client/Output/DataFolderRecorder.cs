using System.Security;
using System.Text;

namespace ActorChat.Client.Output;

/// <summary>
/// The client's per-user data folder: <c>history-NAME.log</c>, every chat line shown once
/// the name is known, and <c>errors.log</c>, always on. Both are <see cref="TimestampedLogFile"/>s.
/// </summary>
/// <remarks>
/// Lines shown before <c>welcome</c> (prompts, refused names) are not in any history: they
/// belong to no confirmed name. A folder or file that cannot be written turns that file off
/// with one notice on <c>problems</c>; the chat goes on.
/// </remarks>
public sealed class DataFolderRecorder : ISessionRecorder
{
    public const string ErrorLogFileName = "errors.log";

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

    /// <summary>Creates the folder if missing. Never throws: an unusable folder turns both files off, said once.</summary>
    /// <param name="history">False for <c>--no-history</c>: only the error log is written.</param>
    public static DataFolderRecorder Open(string folder, bool history, TimeProvider clock, TextWriter problems)
    {
        var usable = true;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException or NotSupportedException or ArgumentException)
        {
            usable = false;
            try
            {
                problems.WriteLine($"! cannot use the data folder {folder}: {e.Message.TrimEnd('.')}; the history and the error log are off");
            }
            catch (IOException)
            {
                // Standard error is gone too.
            }
        }
        return new DataFolderRecorder(folder, usable, history, clock, problems);
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
