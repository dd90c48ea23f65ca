using System.Net;

namespace ActorChat.Client.Session;

/// <summary>
/// The servers a session may use (nodes of one cluster, or one server), and which is next:
/// every new connection after the first goes to the next one in the list, round and round,
/// so a lost or unreachable node is not asked again before the others.
/// </summary>
/// <remarks>Plain state; <see cref="SessionConnection"/> asks it where each connection goes.</remarks>
public sealed class ServerRotation
{
    private readonly IReadOnlyList<EndPoint> _servers;
    private int _index;

    public ServerRotation(IReadOnlyList<EndPoint> servers)
    {
        if (servers.Count == 0) throw new ArgumentException("at least one server is needed", nameof(servers));
        _servers = servers;
    }

    /// <summary>Where the current (or first) connection goes.</summary>
    public EndPoint Current => _servers[_index];

    /// <summary>Moves on to the next server (the same one when there is only one) and returns it.</summary>
    public EndPoint Next()
    {
        _index = (_index + 1) % _servers.Count;
        return Current;
    }
}
