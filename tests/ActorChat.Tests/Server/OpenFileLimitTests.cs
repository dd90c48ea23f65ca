using ActorChat.Server;

namespace ActorChat.Tests.Server;

/// <summary>The server keeps --max-clients within its open-file limit (one socket per client plus a reserve).</summary>
public sealed class OpenFileLimitTests
{
    private const string Limits = """
        Limit                     Soft Limit           Hard Limit           Units     
        Max cpu time              unlimited            unlimited            seconds   
        Max open files            20000                65536                files     
        Max locked memory         8388608              8388608              bytes     
        """;

    [Fact]
    public void The_soft_limit_is_read_from_proc_limits()
    {
        Assert.Equal(20000, ActorChat.Shared.OpenFileLimit.Parse(Limits));
    }

    [Fact]
    public void An_unlimited_or_missing_limit_is_unknown()
    {
        Assert.Null(ActorChat.Shared.OpenFileLimit.Parse(Limits.Replace("20000", "unlimited")));
        Assert.Null(ActorChat.Shared.OpenFileLimit.Parse("Max cpu time unlimited unlimited seconds"));
    }

    [Fact]
    public void Clients_get_what_the_reserve_leaves()
    {
        Assert.Equal(20000 - ServerLimits.ReservedFileDescriptors, ServerLimits.ClientsWithin(20000));
        Assert.Equal(1, ServerLimits.ClientsWithin(10));
    }

    [SkippableFact]
    public void This_process_has_a_known_limit_on_linux()
    {
        Skip.IfNot(OperatingSystem.IsLinux());
        Assert.True(ActorChat.Shared.OpenFileLimit.OfThisProcess() is null or > 0);
    }
}
