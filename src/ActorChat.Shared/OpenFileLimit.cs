using System.Globalization;

namespace ActorChat.Shared;

/// <summary>
/// A process's limit on open files (Linux <c>/proc/self/limits</c>), which bounds how many
/// connections one process can hold. The server and the bench tool both use it.
/// </summary>
public static class OpenFileLimit
{
    /// <summary>This process's soft limit (.NET raises it to the hard limit at start); null when unknown or unlimited.</summary>
    public static long? OfThisProcess() =>
        File.Exists("/proc/self/limits") ? Parse(File.ReadAllText("/proc/self/limits")) : null;

    /// <summary>The soft "Max open files" of a <c>/proc/PID/limits</c> text; null when absent or unlimited.</summary>
    public static long? Parse(string limits)
    {
        foreach (var line in limits.Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
            var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        return null;
    }
}
