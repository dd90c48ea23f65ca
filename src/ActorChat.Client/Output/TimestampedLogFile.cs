using System.Globalization;
using System.Security;
using System.Text;
using ActorChat.Shared;

namespace ActorChat.Client.Output;

/// <summary>
/// An append-only UTF-8 text file in which every line starts with the local date and time,
/// e.g. <c>2026-11-25 12:03:04 12:03 [lobby] alice: hello</c>.
/// </summary>
/// <remarks>
/// Each append opens the file, writes and closes it, so every line is on disk once
/// <see cref="Append"/> returns (a crash loses nothing already appended) and no handle is
/// held between lines. Text is passed through <see cref="TerminalText.Escape"/> (a no-op
/// for lines that were already escaped for the screen), so no control character reaches
/// the file; each line of a multi-line text gets its own timestamp.
/// The first write that fails turns the file off for good and says so once on
/// <c>problems</c> (standard error in the program); it never throws. A new file is created 0600
/// (<see cref="PrivateFiles.OpenToAppend"/>): only its user can read it.
/// </remarks>
public sealed class TimestampedLogFile
{
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly TimeProvider _clock;
    private readonly TextWriter _problems;
    private readonly string _whatIsOff;
    private readonly object _gate = new();
    private bool _off;

    /// <param name="path">The file; created if missing, its folder must exist.</param>
    /// <param name="clock">Supplies the time and the local zone of the timestamps.</param>
    /// <param name="problems">Where to say that the file is off after a failed write.</param>
    /// <param name="whatIsOff">How to name the file in that notice, e.g. "the history".</param>
    public TimestampedLogFile(string path, TimeProvider clock, TextWriter problems, string whatIsOff)
    {
        Path = path;
        _clock = clock;
        _problems = problems;
        _whatIsOff = whatIsOff;
    }

    public string Path { get; }

    /// <summary>False once a write has failed.</summary>
    public bool IsOn
    {
        get { lock (_gate) return !_off; }
    }

    /// <summary>Appends the text, one timestamped line per line of it.</summary>
    public void Append(string text)
    {
        lock (_gate)
        {
            if (_off) return;
            var stamp = TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), _clock.LocalTimeZone)
                .ToString(TimestampFormat, CultureInfo.InvariantCulture);
            var builder = new StringBuilder();
            foreach (var line in TerminalText.Escape(text.Replace("\r\n", "\n")).Split('\n'))
                builder.Append(stamp).Append(' ').Append(line).Append(Environment.NewLine);
            try
            {
                using var file = PrivateFiles.OpenToAppend(Path);
                file.Write(Utf8NoBom.GetBytes(builder.ToString()));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException or NotSupportedException or ArgumentException)
            {
                _off = true;
                SayOff(e);
            }
        }
    }

    private void SayOff(Exception e)
    {
        try
        {
            _problems.WriteLine($"! cannot write {Path}: {e.Message.TrimEnd('.')}; {_whatIsOff} is off");
        }
        catch (IOException)
        {
            // Standard error is gone too; nothing more to do.
        }
    }
}
