namespace ActorChat.Shared;

/// <summary>
/// Files and folders that only the user who makes them can read, write or enter: folders 0700
/// (<c>drwx------</c>), files 0600 (<c>-rw-------</c>), each created so from the start. Nothing
/// is done on Windows, whose permissions are not modes.
/// </summary>
public static class PrivateFiles
{
    /// <summary>0700: the owner may list, enter and change it; nobody else anything.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>0600: the owner may read and write it; nobody else anything.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Every permission of the group and of others.</summary>
    public const UnixFileMode ForOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                          | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>umask 077: what the process creates from now on has no permission for the group or others.</summary>
    private const uint NothingForOthers = 0b000_111_111;

    /// <summary>True when the group or others have any permission (read, write, enter or run).</summary>
    public static bool IsOpenToOthers(UnixFileMode mode) => (mode & ForOthers) != 0;

    /// <summary>
    /// Sets the process's file-creation mask to 077 (<c>umask(2)</c>), so that files which libraries
    /// create themselves (SQLite's database, its <c>-wal</c> and <c>-shm</c>; Serilog's log files,
    /// rolled ones included) get no permission for the group or others either. Once, at the start
    /// of a program; a no-op on Windows (and where no C library answers: the data folder's own
    /// 0700 still keeps others out).
    /// </summary>
    public static void RestrictNewFilesToOwner()
    {
        if (!OperatingSystem.IsWindows()) UnixCalls.SetCreationMask(NothingForOthers);
    }

    /// <summary>Creates the folder 0700 if missing (missing parents get the usual modes); one that exists is left as it is.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Creates an empty file 0600 if there is none (its folder must exist); one that exists is left as it is.</summary>
    public static void CreateFileIfMissing(string path)
    {
        try
        {
            using var created = new FileStream(path, Options(System.IO.FileMode.CreateNew));
        }
        catch (IOException) when (File.Exists(path))
        {
            // There already: another process's, or this one's earlier run.
        }
    }

    /// <summary>Opens a file to append to; a new one is created 0600 (its folder must exist).</summary>
    public static FileStream OpenToAppend(string path) => new(path, Options(System.IO.FileMode.Append));

    private static FileStreamOptions Options(System.IO.FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        return options;
    }

    /// <summary>The mode as <c>chmod</c> writes it, e.g. <c>0755</c>.</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0');
}
