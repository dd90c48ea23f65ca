namespace ActorChat.Tests.Support;

/// <summary>The checkout this test run was built from: the folder holding ActorChat.sln, above the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "ActorChat.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"no ActorChat.sln above {AppContext.BaseDirectory}");
    }
}
