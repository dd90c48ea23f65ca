using System.Text.RegularExpressions;
using ActorChat.Messages.Events;
using ActorChat.Tests.Client;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Packaging;

/// <summary>
/// The release artifacts as scripts/package.sh builds them, run as an operator would: the
/// self-contained single-file server and client for linux-x64 (a two-client chat with an
/// account, the browser client served, the version) and the server installed as a .NET tool
/// from the local package. Building them takes minutes, so the class runs alone, after the
/// others (a collection without parallelism), and each artifact is built once, by the first
/// test that needs it.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed class PublishedProgramsTests(PackagedArtifacts artifacts)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static string Version => DeclaredVersion.Value;

    [Fact]
    public async Task The_publish_gives_one_executable_each_for_server_and_client_and_both_print_the_declared_version()
    {
        var server = await artifacts.PublishedServerAsync();
        var client = await artifacts.PublishedClientAsync();

        // Nothing beside them: no runtime, no assembly, no native library, no symbols file.
        Assert.Equal(["actorchat", "actorchat-server"],
            Directory.GetFileSystemEntries(Path.GetDirectoryName(server)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var program in new[] { server, client })
        {
            await using var process = ChildProcess.StartExecutable(program, ["--version"], environment: artifacts.ExtractionEnvironment);
            await process.WaitForLineAsync("^" + Regex.Escape(Version) + "$");
            Assert.Equal(0, await process.WaitForExitAsync());
            Assert.Equal([Version], process.OutputSoFar().Where(line => line.Length > 0));
        }
    }

    [Fact]
    public async Task The_published_server_serves_a_chat_between_two_published_clients_one_with_an_account_and_the_browser_client()
    {
        var serverPath = await artifacts.PublishedServerAsync();
        var clientPath = await artifacts.PublishedClientAsync();
        using var folder = new TempDirectory();
        var extraction = folder.File("extracted");

        await using var server = ChildProcess.StartExecutable(serverPath,
            ["--port", "0", "--http-port", "0", "--data-dir", folder.File("data"), "--idle-shutdown", "0"],
            workingDirectory: folder.Path,
            environment: new Dictionary<string, string?> { ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = extraction });
        var listening = await server.WaitForLineAsync(@"listening on 127\.0\.0\.1:(\d+), http://127\.0\.0\.1:(\d+)/", Wait);
        var port = listening.Groups[1].Value;
        var httpPort = listening.Groups[2].Value;

        var passwordFile = folder.File("alice-password.txt");
        await File.WriteAllTextAsync(passwordFile, "alice-Passw0rd-published\n");
        ChildProcess Client(string name, params string[] more) => ChildProcess.StartExecutable(clientPath,
            ["--server", $"127.0.0.1:{port}", "--name", name, "--data-dir", folder.File("client-" + name), .. more],
            workingDirectory: folder.Path, environment: artifacts.ExtractionEnvironment);

        // alice registers an account (Argon2id through libsodium, unpacked from the server's file).
        await using var alice = Client("alice", "--register", "--password-file", passwordFile);
        await alice.WaitForLineAsync(@"^\* welcome, alice \(ActorChat " + Regex.Escape(Version) + @", protocol 2\)", Wait);
        await using var bob = Client("bob");
        await bob.WaitForLineAsync(@"^\* welcome, bob \(ActorChat " + Regex.Escape(Version) + @", protocol 2\)", Wait);
        await alice.WaitForLineAsync(@"\[lobby\] \* bob joined \(2 members\)$", Wait);

        await bob.Input.WriteLineAsync("hello from a single file");
        await alice.WaitForLineAsync(@"^\d\d:\d\d \[lobby\] bob: hello from a single file$", Wait);
        await alice.Input.WriteLineAsync("hi bob");
        await bob.WaitForLineAsync(@"^\d\d:\d\d \[lobby\] alice: hi bob$", Wait);
        await alice.Input.WriteLineAsync("/msg bob a direct one");
        await bob.WaitForLineAsync(@"alice.*a direct one$", Wait);

        bob.Input.Close();
        Assert.Equal(0, await bob.WaitForExitAsync());
        await alice.WaitForLineAsync(@"\[lobby\] \* bob left \(quit, 1 member\)$", Wait);
        alice.Input.Close();
        Assert.Equal(0, await alice.WaitForExitAsync());

        // The browser client, embedded in the single file, and the health check.
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = Wait })
        {
            Assert.Contains("<title>ActorChat</title>", await http.GetStringAsync("/"));
            var wwwroot = Path.Combine(RepositoryRoot.Path, "src", "ActorChat.Server", "wwwroot");
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(wwwroot, "app.js")), await http.GetByteArrayAsync("/app.js"));
            Assert.True((await http.GetAsync("/healthz")).IsSuccessStatusCode);
        }

        server.Signal("TERM");
        Assert.Equal(0, await server.WaitForExitAsync());

        // The history went to SQLite; the native libraries came out of the server's own file.
        Assert.True(File.Exists(Path.Combine(folder.File("data"), "actorchat.db")));
        var unpacked = Directory.GetFiles(extraction, "*.so", SearchOption.AllDirectories).Select(Path.GetFileName).ToList();
        Assert.Contains(unpacked, f => f!.Contains("e_sqlite3"));
        Assert.Contains(unpacked, f => f!.Contains("sodium"));
    }

    [Fact]
    public async Task The_server_installs_as_a_dotnet_tool_from_the_local_package_alone_and_runs()
    {
        var package = await artifacts.ToolPackageAsync();
        Assert.Equal($"ActorChat.Server.{Version}.nupkg", Path.GetFileName(package));
        using var folder = new TempDirectory();
        var toolPath = folder.File("tools");

        // --source: the artifacts folder is the only package source, and an empty package cache,
        // so nothing comes from anywhere else (nor a stale copy of the same version).
        var install = await PackagedArtifacts.RunAsync("dotnet",
            ["tool", "install", "--tool-path", toolPath, "--source", Path.GetDirectoryName(package)!, "ActorChat.Server"],
            folder.Path, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = folder.File("nuget-packages") }, TimeSpan.FromMinutes(3));
        Assert.True(install.ExitCode == 0, install.Output);

        var tool = Path.Combine(toolPath, "actorchat-server");
        await using (var version = ChildProcess.StartExecutable(tool, ["--version"], folder.Path))
        {
            await version.WaitForLineAsync("^" + Regex.Escape(Version) + "$", Wait);
            Assert.Equal(0, await version.WaitForExitAsync());
        }

        await using var server = ChildProcess.StartExecutable(tool,
            ["--port", "0", "--data-dir", folder.File("data"), "--idle-shutdown", "0"], folder.Path);
        var port = int.Parse((await server.WaitForLineAsync(@"listening on 127\.0\.0\.1:(\d+)", Wait)).Groups[1].Value);
        await using (var client = await RawClient.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port)))
        {
            // An account: libsodium from the tool package's native assets.
            var welcome = await client.LoginAsync("tooluser", "tool-Passw0rd-installed", register: true);
            Assert.Equal(("tooluser", "ActorChat " + Version, true), (welcome.Name, welcome.Server, welcome.Account));
        }
        server.Signal("TERM");
        Assert.Equal(0, await server.WaitForExitAsync());
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagingCollection : ICollectionFixture<PackagedArtifacts>
{
    public const string Name = "packaging (builds the release artifacts)";
}

/// <summary>
/// scripts/package.sh run on a copy of the sources (src/, the build files, the script) in a
/// temporary folder, so that its Release builds touch nothing of the checkout under test; each
/// part (server, client, tool) is built once, when first asked for.
/// </summary>
public sealed class PackagedArtifacts : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "actorchat-packaging-" + Guid.NewGuid().ToString("N"));
    private readonly SemaphoreSlim _building = new(1, 1);
    private readonly Dictionary<string, Task<string>> _built = new();

    public PackagedArtifacts()
    {
        var checkout = Path.Combine(_root, "checkout");
        CopyTree(Path.Combine(RepositoryRoot.Path, "src"), Path.Combine(checkout, "src"));
        Directory.CreateDirectory(Path.Combine(checkout, "scripts"));
        File.Copy(Path.Combine(RepositoryRoot.Path, "scripts", "package.sh"), Path.Combine(checkout, "scripts", "package.sh"));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "README.md" })
            File.Copy(Path.Combine(RepositoryRoot.Path, file), Path.Combine(checkout, file));
        Checkout = checkout;
        ExtractionEnvironment = new Dictionary<string, string?> { ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(_root, "extracted") };
    }

    private string Checkout { get; }

    /// <summary>Where the single files unpack their native libraries: here, not the user's ~/.net.</summary>
    public IReadOnlyDictionary<string, string?> ExtractionEnvironment { get; }

    public string ArtifactsFolder => Path.Combine(_root, "artifacts");

    public Task<string> PublishedServerAsync() => BuildAsync("server", Path.Combine(ArtifactsFolder, "linux-x64", "actorchat-server"));

    public Task<string> PublishedClientAsync() => BuildAsync("client", Path.Combine(ArtifactsFolder, "linux-x64", "actorchat"));

    public Task<string> ToolPackageAsync() => BuildAsync("tool", Path.Combine(ArtifactsFolder, $"ActorChat.Server.{DeclaredVersion.Value}.nupkg"));

    private async Task<string> BuildAsync(string part, string expected)
    {
        Task<string>? built;
        // One build at a time: the parts share the copy's ActorChat.Messages. A failed build is
        // kept too, so that the next test that needs it fails at once with the same output.
        await _building.WaitAsync();
        try
        {
            if (!_built.TryGetValue(part, out built))
            {
                var result = await RunAsync("bash", ["scripts/package.sh", part], Checkout,
                    new Dictionary<string, string?> { ["ARTIFACTS"] = ArtifactsFolder }, TimeSpan.FromMinutes(8));
                built = result.ExitCode == 0 && File.Exists(expected)
                    ? Task.FromResult(expected)
                    : Task.FromException<string>(new InvalidOperationException(
                        $"scripts/package.sh {part} exited {result.ExitCode} without {expected}:\n{result.Output}"));
                _built[part] = built;
            }
        }
        finally
        {
            _building.Release();
        }
        return await built;
    }

    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs a command to its end; its output (standard output and error) for the failure message.</summary>
    public static async Task<Result> RunAsync(
        string program, string[] args, string workingDirectory, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        // MSBuild's variables of the `dotnet test` that runs us would steer the child's build.
        var clean = new Dictionary<string, string?>(environment);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) && !clean.ContainsKey(name)) clean[name] = null;
        }
        await using var process = ChildProcess.StartExecutable(program, args, workingDirectory, clean);
        process.Input.Close();
        var code = await process.WaitForExitAsync(timeout);
        return new Result(code, string.Join("\n", process.OutputSoFar()));
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(folder);
            if (name is "bin" or "obj") continue;
            CopyTree(folder, Path.Combine(to, name));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
