using ActorChat.Server.Transport;

namespace ActorChat.Tests.Server.Transport;

/// <summary>Which pages may open the WebSocket: the server's own origin, the allowed ones, and clients that are no page.</summary>
public sealed class OriginPolicyTests
{
    private readonly OriginPolicy _policy = new(["https://chat.example.org", "http://localhost:3000/"]);

    [Theory]
    [InlineData(null, true)] // not a browser
    [InlineData("", true)]
    [InlineData("https://actorchat.example:8443", true)] // the server's own
    [InlineData("HTTPS://ActorChat.Example:8443", true)]
    [InlineData("https://chat.example.org", true)] // allowed
    [InlineData("https://chat.example.org:443", true)] // the default port is the same origin
    [InlineData("http://localhost:3000", true)]
    [InlineData("http://actorchat.example:8443", false)] // another scheme is another origin
    [InlineData("https://actorchat.example:8444", false)] // another port
    [InlineData("https://evil.example", false)]
    [InlineData("https://chat.example.org.evil.example", false)]
    [InlineData("null", false)] // a sandboxed page or a file
    [InlineData("chat.example.org", false)]
    [InlineData("ftp://chat.example.org", false)]
    public void Allows_exactly_the_server_s_own_and_the_allowed_origins(string? origin, bool allowed) =>
        Assert.Equal(allowed, _policy.Allows(origin, "https", "actorchat.example:8443"));

    [Theory]
    [InlineData("https://chat.example.org", "https://chat.example.org")]
    [InlineData("https://Chat.Example.ORG/", "https://chat.example.org")]
    [InlineData("https://chat.example.org:443", "https://chat.example.org")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080")]
    [InlineData("https://chat.example.org/path", null)]
    [InlineData("https://chat.example.org/?q", null)]
    [InlineData("https://user@chat.example.org", null)]
    [InlineData("null", null)]
    public void Normalize_gives_scheme_host_and_port_or_nothing(string origin, string? normalized) =>
        Assert.Equal(normalized, OriginPolicy.Normalize(origin));
}
