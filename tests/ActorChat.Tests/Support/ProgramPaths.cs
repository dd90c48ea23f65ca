namespace ActorChat.Tests.Support;

/// <summary>
/// Where a program of the repository is, to run it as its own process: in its project's own
/// output folder, whose dependency list and runtime settings are its own. The test's output
/// folder holds every project's assemblies merged, and leaves out the packages that the ASP.NET
/// Core framework (the server's) provides, which the client and the bench do not run on.
/// </summary>
public static class ProgramPaths
{
    private static readonly Dictionary<string, string> Projects = new()
    {
        ["actorchat"] = "ActorChat.Client",
        ["actorchat-server"] = "ActorChat.Server",
        ["actorchat-bench"] = "ActorChat.Bench",
    };

    /// <summary>The path of <paramref name="assemblyName"/>.dll, built with the same configuration as the tests.</summary>
    public static string Of(string assemblyName)
    {
        // tests/ActorChat.Tests/bin/CONFIGURATION/TFM/
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!;
        var repository = configuration.Parent!.Parent!.Parent!.Parent!;
        if (Projects.TryGetValue(assemblyName, out var project))
        {
            var own = Path.Combine(repository.FullName, "src", project, "bin", configuration.Name, framework.Name, assemblyName + ".dll");
            if (File.Exists(own)) return own;
        }
        return Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
    }
}
