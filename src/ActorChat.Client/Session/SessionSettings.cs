using System.Net;
using ActorChat.Client.Network;
using ActorChat.Client.Network.Tls;

namespace ActorChat.Client.Session;

/// <summary>How a <see cref="ChatSession"/> runs.</summary>
/// <param name="Server">Where the server listens.</param>
/// <param name="InitialName">The name from the command line; null to ask for one.</param>
/// <param name="PingInterval">How often the connection pings to stay clear of the idle timeout.</param>
/// <param name="QuitTimeout">How long to wait for the server to answer <c>quit</c> before giving up.</param>
public sealed record SessionSettings(EndPoint Server, string? InitialName, TimeSpan PingInterval, TimeSpan QuitTimeout)
{
    public static readonly TimeSpan DefaultQuitTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reconnect (with backoff), rejoin, catch up and resend after a lost connection, and track
    /// typed lines by request id until confirmed. Off by default so a bare session speaks
    /// exactly the plain protocol; the program turns it on.
    /// </summary>
    public bool Reconnect { get; init; }

    /// <summary>
    /// More servers (nodes of the same cluster) after <see cref="Server"/>: if the first cannot
    /// be reached at start the next is tried at once, and every reconnect goes to the next one
    /// in turn (<see cref="ServerRotation"/>).
    /// </summary>
    public IReadOnlyList<EndPoint> OtherServers { get; init; } = [];

    /// <summary><see cref="Server"/> and then <see cref="OtherServers"/>.</summary>
    public IReadOnlyList<EndPoint> AllServers => [Server, .. OtherServers];

    /// <summary>Plain TCP (the default) or TLS to every server, and how the server's certificate is checked.</summary>
    public ClientTls Tls { get; init; } = ClientTls.Off;

    /// <summary>Ask <c>who</c> on every join, to keep member lists (for the full-screen client).</summary>
    public bool FetchMembers { get; init; }

    /// <summary>Silence after a ping that means the connection is dead.</summary>
    public TimeSpan PongTimeout { get; init; } = ChatConnection.DefaultPongTimeout;

    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A pending line not answered for this long, while connected, is sent again with its id (with
    /// <see cref="Reconnect"/>): its answer was lost, as when the cluster node of its room went down.
    /// </summary>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The backoff's randomness, a number in [0, 1); injected so tests can pin it.</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    /// <summary>
    /// The password to log in with, from <c>--password-file</c>; null to log in as a guest, or to be
    /// asked for it (<see cref="SecretInput"/>) when the name turns out to be registered.
    /// </summary>
    public Messages.Password? Password { get; init; }

    /// <summary>The file <see cref="Password"/> came from, for messages (never rewritten).</summary>
    public string? PasswordFile { get; init; }

    /// <summary><c>--register</c>: the first login is a <c>register</c> that creates the account with <see cref="Password"/>.</summary>
    public bool Register { get; init; }

    /// <summary>Where a password can be typed unseen: the terminal or the full screen; nowhere by default (a pipe).</summary>
    public ISecretInput SecretInput { get; init; } = NoSecretInput.Instance;

    public SessionSettings(EndPoint server, string? initialName)
        : this(server, initialName, ChatConnection.DefaultPingInterval, DefaultQuitTimeout)
    {
    }
}
