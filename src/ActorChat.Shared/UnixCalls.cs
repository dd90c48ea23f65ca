using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace ActorChat.Shared;

/// <summary>
/// The few C library calls that .NET has no API for: the process's file-creation mask, the user
/// the process runs as, and who owns a file (<c>statx</c>, Linux). Only called off Windows.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static partial class UnixCalls
{
    private const int CurrentFolder = -100;      // AT_FDCWD
    private const int DoNotFollowLink = 0x100;   // AT_SYMLINK_NOFOLLOW
    private const uint TypeModeAndOwner = 0x1 | 0x2 | 0x8; // STATX_TYPE | STATX_MODE | STATX_UID
    private const int StatxSize = 256;           // sizeof(struct statx), the same on every architecture
    private const int OwnerOffset = 20;          // stx_uid
    private const int ModeOffset = 28;           // stx_mode (type and permission bits)

    /// <summary>umask(2): sets the bits that files and folders created from now on do not get; false where there is no C library to ask.</summary>
    public static bool SetCreationMask(uint mask)
    {
        try
        {
            umask(mask);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>geteuid(2): the user id that file permissions are checked against.</summary>
    public static uint EffectiveUserId => geteuid();

    /// <summary>
    /// statx(2) of <paramref name="path"/>: its type and mode bits (<c>st_mode</c>) and owner, of the
    /// link itself unless <paramref name="followLink"/>; null when it cannot be read or the C library
    /// has no statx (not Linux, or older than glibc 2.28).
    /// </summary>
    public static unsafe (uint Mode, uint Owner)? Status(string path, bool followLink)
    {
        var buffer = stackalloc byte[StatxSize];
        try
        {
            if (statx(CurrentFolder, path, followLink ? 0 : DoNotFollowLink, TypeModeAndOwner, buffer) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        var returned = *(uint*)buffer;
        if ((returned & TypeModeAndOwner) != TypeModeAndOwner) return null;
        return (*(ushort*)(buffer + ModeOffset), *(uint*)(buffer + OwnerOffset));
    }

    [LibraryImport("libc")]
    private static partial uint umask(uint mask); // never fails

    [LibraryImport("libc")]
    private static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int statx(int directory, string path, int flags, uint mask, byte* buffer);
}
