using System.Net;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

/// <summary>
/// The real server program with its real data folder: after registering, logging in, failing,
/// and changing passwords, no file it wrote (the SQLite database with its write-ahead log, the
/// log files) and no line it printed holds a password in clear; the database holds Argon2id hashes.
/// </summary>
public sealed class AccountSecretsProcessTests : IDisposable
{
    private readonly TempStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task No_file_in_the_data_folder_and_no_output_line_holds_a_password()
    {
        string[] secrets = ["first-secret-Passw0rd", "wrong-guess-Passw0rd", "second-secret-Passw0rd", "unknown-name-Passw0rd", "weak"];
        await using var process = ChildProcess.Start("actorchat-server", "--port", "0", "--data-dir", _storage.Settings.DataDirectory, "--idle-shutdown", "0",
            "--login-refusal-delay", "0");
        var endPoint = new IPEndPoint(IPAddress.Loopback, int.Parse((await process.WaitForLineAsync(@"listening on 127\.0\.0\.1:(\d+)")).Groups[1].Value));

        await using (var alice = await RawClient.AccountAsync(endPoint, "alice", secrets[0]))
        {
            await alice.SendAsync(new PasswdRequest(new Password(secrets[1]), new Password(secrets[2])));
            Assert.Equal(ErrorCodes.BadPassword, (await alice.ExpectAsync<ErrorEvent>()).Code);
            await alice.SendAsync(new PasswdRequest(new Password(secrets[0]), new Password(secrets[2])));
            await alice.ExpectAsync<OkEvent>();
            await alice.SendAsync(new PasswdRequest(new Password(secrets[2]), new Password(secrets[4])));
            Assert.Equal(ErrorCodes.WeakPassword, (await alice.ExpectAsync<ErrorEvent>()).Code);
        }
        await using (var other = await RawClient.ConnectAsync(endPoint))
        {
            await other.SendAsync(new LoginRequest("alice", new Password(secrets[1])));
            Assert.Equal(ErrorCodes.BadPassword, (await other.ExpectAsync<ErrorEvent>()).Code);
            await other.SendAsync(new LoginRequest("bob", new Password(secrets[3])));
            Assert.Equal(ErrorCodes.BadPassword, (await other.ExpectAsync<ErrorEvent>()).Code);
            await other.SendAsync(new RegisterRequest("carol", new Password(secrets[4])));
            Assert.Equal(ErrorCodes.WeakPassword, (await other.ExpectAsync<ErrorEvent>()).Code);
            Assert.True((await other.LoginAsync("alice", secrets[2])).Account);
        }
        // The log file is flushed once a second: wait until it shows the last login, then stop the server.
        await Eventually.TrueAsync(() => Task.FromResult(LogText().Contains("logged in as alice (account)")), "the log never showed the login");
        process.Signal("TERM");
        Assert.Equal(0, await process.WaitForExitAsync());

        var files = Directory.GetFiles(_storage.Settings.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("actorchat.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("logs", StringComparison.Ordinal));
        var everything = files.Select(f => (File: f, Bytes: File.ReadAllBytes(f))).ToList();
        foreach (var secret in secrets.Where(s => s.Length >= 8))
        {
            Assert.All(everything, file => Assert.False(SecretSearch.Holds(file.Bytes, secret), $"{file.File} holds a password"));
            Assert.DoesNotContain(process.OutputSoFar(), line => line.Contains(secret, StringComparison.Ordinal));
        }
        var database = everything.Where(f => f.File.Contains("actorchat.db", StringComparison.Ordinal)).SelectMany(f => f.Bytes).ToArray();
        Assert.True(database.AsSpan().IndexOf("$argon2id$v=19$m=19456,t=2,p=1$"u8) >= 0, "the database holds no Argon2id hash");
    }

    private string LogText()
    {
        var logs = Path.Combine(_storage.Settings.DataDirectory, "logs");
        if (!Directory.Exists(logs)) return "";
        return string.Join("\n", Directory.GetFiles(logs).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }));
    }
}
