using System.Xml.Linq;

namespace ActorChat.Tests.Support;

/// <summary>The product version as the repository declares it: the one <c>Version</c> property of Directory.Build.props.</summary>
public static class DeclaredVersion
{
    public static string Value { get; } = Read();

    private static string Read()
    {
        var file = Path.Combine(RepositoryRoot.Path, "Directory.Build.props");
        var versions = XDocument.Load(file).Descendants("Version").Select(v => v.Value.Trim()).ToList();
        if (versions.Count != 1 || versions[0].Length == 0)
            throw new InvalidOperationException($"{file} should set <Version> exactly once; it has {versions.Count}");
        return versions[0];
    }
}
