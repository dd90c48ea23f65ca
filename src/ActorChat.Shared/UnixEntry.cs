using System.Runtime.Versioning;

namespace ActorChat.Shared;

/// <summary>What a folder entry is, for <see cref="UnixEntry"/>.</summary>
public enum UnixEntryKind
{
    File,
    Folder,
    SymbolicLink,

    /// <summary>A device, socket or pipe.</summary>
    Other,
}

/// <summary>A path's kind, permission bits and owning user, as the file system has them (Linux).</summary>
public readonly record struct UnixEntry(UnixEntryKind Kind, UnixFileMode Mode, uint Owner)
{
    private const uint TypeBits = 0xF000;      // S_IFMT
    private const uint FolderType = 0x4000;    // S_IFDIR
    private const uint FileType = 0x8000;      // S_IFREG
    private const uint LinkType = 0xA000;      // S_IFLNK
    private const uint PermissionBits = 0xFFF; // rwx for user, group, others; setuid, setgid, sticky

    /// <summary>
    /// The path itself (a symbolic link is reported as one) or, with <paramref name="followLink"/>,
    /// what it leads to; null when it cannot be read or this system cannot say who owns a file.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public static UnixEntry? Of(string path, bool followLink = false) =>
        UnixCalls.Status(path, followLink) is var (mode, owner) ? new UnixEntry(KindOf(mode), (UnixFileMode)(mode & PermissionBits), owner) : null;

    /// <summary>The user id this process's file access is checked as.</summary>
    [UnsupportedOSPlatform("windows")]
    public static uint CurrentUser => UnixCalls.EffectiveUserId;

    private static UnixEntryKind KindOf(uint mode) => (mode & TypeBits) switch
    {
        FileType => UnixEntryKind.File,
        FolderType => UnixEntryKind.Folder,
        LinkType => UnixEntryKind.SymbolicLink,
        _ => UnixEntryKind.Other,
    };
}
