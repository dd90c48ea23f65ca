using System.Text;

namespace ActorChat.Tests.Support;

/// <summary>Looks for secrets in files as they are on disk: every file under a folder, in UTF-8 and UTF-16.</summary>
public static class SecretSearch
{
    private static readonly Encoding[] Encodings = [Encoding.UTF8, Encoding.Unicode];

    /// <summary>Every file under <paramref name="folder"/> (all depths) that holds one of <paramref name="secrets"/>.</summary>
    public static List<string> FilesHolding(string folder, params string[] secrets) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Where(file => Holds(File.ReadAllBytes(file), secrets))];

    /// <summary>True when <paramref name="bytes"/> hold one of <paramref name="secrets"/>, in UTF-8 or UTF-16.</summary>
    public static bool Holds(ReadOnlySpan<byte> bytes, params string[] secrets)
    {
        foreach (var secret in secrets)
            foreach (var encoding in Encodings)
                if (bytes.IndexOf(encoding.GetBytes(secret)) >= 0) return true;
        return false;
    }
}
