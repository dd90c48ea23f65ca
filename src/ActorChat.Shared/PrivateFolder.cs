using System.Runtime.Versioning;

namespace ActorChat.Shared;

/// <summary>
/// A program's data folder, kept to the user the program runs as: the folder and the folders in it
/// 0700, the files in it 0600, so no other local account can read the history, the logs or the
/// password hashes kept there. Nothing is done on Windows.
/// </summary>
/// <remarks>
/// <para>A missing folder is created 0700. A folder that is there counts as the program's own when
/// it belongs to the user the program runs as and holds nothing but entries the program writes
/// (<see cref="IsOwn"/>; an empty folder counts too): that is a folder an earlier start made,
/// perhaps with an older version's looser modes, and it is tightened, everything in it as well.</para>
/// <para>Any other folder is left as it is: one of another user, one that also holds other files
/// (a home folder, a folder shared for other things), one whose owner this system cannot tell
/// (only Linux's <c>statx</c> is asked). If the group or others have any permission on it, the
/// report carries one warning naming it. The program's new files in it are still created 0600.</para>
/// </remarks>
public sealed class PrivateFolder
{
    private readonly IReadOnlyList<string> _ownEntries;

    /// <param name="path">The folder; relative paths are taken from the current folder.</param>
    /// <param name="ownEntries">
    /// What the program writes in it, relative to it: a file by name (<c>actorchat.db</c>), a folder
    /// by name and <c>/</c> (<c>logs/</c>), what is in a folder after its <c>/</c>
    /// (<c>logs/actorchat-*.log</c>); a <c>*</c> stands for any characters but <c>/</c>.
    /// </param>
    public PrivateFolder(string path, IEnumerable<string> ownEntries)
    {
        Path = System.IO.Path.GetFullPath(path);
        _ownEntries = ownEntries.ToList();
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates the folder if missing, or tightens it if it is the program's own, or finds it open
    /// and not the program's (the report's warning). Throws what creating the folder throws
    /// (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>); what it finds in an
    /// existing folder never throws.
    /// </summary>
    public PrivateFolderReport Prepare()
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(Path))
        {
            PrivateFiles.CreateFolder(Path);
            return PrivateFolderReport.Quiet;
        }
        try
        {
            return CheckExisting();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PrivateFolderReport.Warn($"Could not check who may read the data folder {Path}: {e.Message}");
        }
    }

    /// <summary>Whether a path inside the folder (a folder's with a trailing <c>/</c>) is one the program writes.</summary>
    public bool IsOwn(string relativePath) => _ownEntries.Any(pattern => Matches(pattern, relativePath));

    [UnsupportedOSPlatform("windows")]
    private PrivateFolderReport CheckExisting()
    {
        var folder = UnixEntry.Of(Path, followLink: true);
        var contents = new List<(string Path, UnixEntry Entry)>();
        var notOwn = folder is not { } known ? "who owns it cannot be read on this system"
            : known.Owner != UnixEntry.CurrentUser ? $"it belongs to user id {known.Owner}, not to user id {UnixEntry.CurrentUser} that this program runs as"
            : ForeignEntryIn(Path, "", contents) is { } foreign ? $"it holds {Printable(foreign)}, which ActorChat does not write"
            : null;
        if (notOwn is null) return Tighten([(Path, folder!.Value), .. contents]);

        var mode = folder?.Mode ?? File.GetUnixFileMode(Path);
        return PrivateFiles.IsOpenToOthers(mode)
            ? PrivateFolderReport.Warn($"The data folder {Path} is open to other users (mode {PrivateFiles.Octal(mode)}) but is not ActorChat's own ({notOwn}), "
                                       + $"so it is left as it is; ActorChat's new files in it are still created {PrivateFiles.Octal(PrivateFiles.FileMode)}. "
                                       + $"To keep them private: chmod 700 {Path}, or choose another --data-dir.")
            : PrivateFolderReport.Quiet;
    }

    /// <summary>
    /// Lists what <paramref name="folder"/> holds, its own folders' contents too, into
    /// <paramref name="contents"/>, and returns the first entry the program does not write (a
    /// symbolic link, a device, anything unreadable or not in the list), or null when there is none.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private string? ForeignEntryIn(string folder, string relativeFolder, List<(string Path, UnixEntry Entry)> contents)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(folder))
        {
            var name = relativeFolder + System.IO.Path.GetFileName(path);
            if (UnixEntry.Of(path) is not { Kind: UnixEntryKind.File or UnixEntryKind.Folder } entry) return name;
            var relative = entry.Kind == UnixEntryKind.Folder ? name + "/" : name;
            if (!IsOwn(relative)) return relative;
            contents.Add((path, entry));
            if (entry.Kind == UnixEntryKind.Folder && ForeignEntryIn(path, relative, contents) is { } foreign) return foreign;
        }
        return null;
    }

    /// <summary>Sets every folder given to 0700 and every file to 0600, where it is not so already.</summary>
    [UnsupportedOSPlatform("windows")]
    private PrivateFolderReport Tighten(IEnumerable<(string Path, UnixEntry Entry)> entries)
    {
        var changed = 0;
        var failed = new List<string>();
        foreach (var (path, entry) in entries)
        {
            var wanted = entry.Kind == UnixEntryKind.Folder ? PrivateFiles.FolderMode : PrivateFiles.FileMode;
            if (entry.Mode == wanted) continue;
            try
            {
                File.SetUnixFileMode(path, wanted);
                changed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed.Add($"{path} ({e.Message.TrimEnd('.')})");
            }
        }
        var note = changed == 0 ? null
            : $"Made the data folder {Path} private to its user: {changed} {(changed == 1 ? "entry" : "entries")} set to "
              + $"{PrivateFiles.Octal(PrivateFiles.FolderMode)} (folders) or {PrivateFiles.Octal(PrivateFiles.FileMode)} (files)";
        var warning = failed.Count == 0 ? null
            : $"Could not make everything in the data folder {Path} private: {string.Join(", ", failed.Take(3))}{(failed.Count > 3 ? $" and {failed.Count - 3} more" : "")}";
        return new PrivateFolderReport(note, warning);
    }

    /// <summary>A name as one line of a log: control characters (a line break in a file name) become <c>?</c>.</summary>
    private static string Printable(string name) => string.Concat(name.Select(c => char.IsControl(c) ? '?' : c));

    /// <summary>A path against one pattern of <c>ownEntries</c>: equal, or equal around its one <c>*</c>, which matches no <c>/</c>.</summary>
    private static bool Matches(string pattern, string path)
    {
        var star = pattern.IndexOf('*');
        if (star < 0) return string.Equals(pattern, path, StringComparison.Ordinal);
        var (prefix, suffix) = (pattern[..star], pattern[(star + 1)..]);
        return path.Length >= prefix.Length + suffix.Length
               && path.StartsWith(prefix, StringComparison.Ordinal)
               && path.EndsWith(suffix, StringComparison.Ordinal)
               && !path.AsSpan(prefix.Length, path.Length - prefix.Length - suffix.Length).Contains('/');
    }
}

/// <summary>What <see cref="PrivateFolder.Prepare"/> did and found, for the program's log: at most one line of each.</summary>
/// <param name="Note">What it changed (an own folder tightened); null when nothing.</param>
/// <param name="Warning">What the operator should know: a folder open to others left as it is, a change that failed; null when none.</param>
public sealed record PrivateFolderReport(string? Note, string? Warning)
{
    /// <summary>Nothing changed, nothing to warn about.</summary>
    public static PrivateFolderReport Quiet { get; } = new(null, null);

    public static PrivateFolderReport Warn(string warning) => new(null, warning);
}
