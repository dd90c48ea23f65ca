namespace ActorChat.Tests.Client;

/// <summary>
/// A fresh folder under the system's temp folder, its user's only (0700, as the client makes its
/// data folder), deleted with everything in it at dispose.
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => ActorChat.Shared.PrivateFiles.CreateFolder(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "actorchat-test-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
