using System.Security;
using System.Text;
using ActorChat.Client.Output;
using ActorChat.Messages;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>What reading <c>--password-file</c> gave: the password, or why there is none (one line, never the password).</summary>
public sealed record PasswordFileResult(Password? Password, string? Problem);

/// <summary>
/// <c>--password-file FILE</c>: the password is the file's first line, its trailing CR/LF removed;
/// it must be 8 to 256 characters, as the server will check.
/// </summary>
/// <remarks>
/// At most <see cref="MaxCharacters"/> characters are read, so a huge file (or a device that
/// never ends) cannot fill the memory. The problems say what is wrong without the password or
/// its length, since they go to standard error and the error log.
/// </remarks>
public static class PasswordFile
{
    /// <summary>More than any password needs (256 characters, each up to 2 UTF-16 units, and a line break).</summary>
    public const int MaxCharacters = 1024;

    public static PasswordFileResult Read(string path)
    {
        var shown = TerminalText.EscapeSingleLine(path);
        string? line;
        try
        {
            line = FirstLine(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Problem($"--password-file {shown}: there is no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException or NotSupportedException or ArgumentException)
        {
            return Problem($"--password-file {shown}: cannot read it ({TerminalText.EscapeSingleLine(e.Message.TrimEnd('.'))})");
        }
        if (line is null) return Problem($"--password-file {shown}: its first line is longer than any password ({PasswordRules.Description})");
        if (line.Length == 0) return Problem($"--password-file {shown}: its first line is empty; put the password on it");
        var password = new Password(line);
        if (PasswordRules.Check(password) is not null)
        {
            var which = password.Length < ProtocolInfo.MinPasswordLength ? "too short" : "too long";
            return Problem($"--password-file {shown}: the password on its first line is {which} (a password is {PasswordRules.Description})");
        }
        return new PasswordFileResult(password, null);
    }

    /// <summary>The first line without its line break; empty for an empty file; null when it has no end within <see cref="MaxCharacters"/>.</summary>
    private static string? FirstLine(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true);
        var buffer = new char[MaxCharacters + 1];
        var count = reader.ReadBlock(buffer, 0, buffer.Length);
        var text = new string(buffer, 0, count);
        Array.Clear(buffer);
        var end = text.IndexOf('\n');
        if (end < 0)
        {
            if (count > MaxCharacters) return null;
            end = text.Length;
        }
        return text[..end].TrimEnd('\r');
    }

    private static PasswordFileResult Problem(string text) => new(null, text);
}
