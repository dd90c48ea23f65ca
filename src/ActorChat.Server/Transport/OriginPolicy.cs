namespace ActorChat.Server.Transport;

/// <summary>
/// Which pages may open a WebSocket to the server (a browser sends the page's origin with the
/// upgrade; without a check any site a user visits could chat in their name): the server's own
/// origin, and those given with <c>--allowed-origin</c>. A client that sends no <c>Origin</c> is not a
/// browser page and is let in; the opaque origin <c>null</c> (a sandboxed page, a file) is not.
/// </summary>
public sealed class OriginPolicy
{
    private readonly HashSet<string> _allowed;

    public OriginPolicy(IEnumerable<string> allowed) =>
        _allowed = new HashSet<string>(allowed.Select(Normalize).OfType<string>(), StringComparer.Ordinal);

    /// <param name="origin">The request's <c>Origin</c> header, if any.</param>
    /// <param name="scheme">The scheme the request came in on (<c>http</c>, <c>https</c>).</param>
    /// <param name="host">The request's <c>Host</c> header (name and port, as the browser addressed the server).</param>
    public bool Allows(string? origin, string scheme, string host)
    {
        if (string.IsNullOrEmpty(origin)) return true;
        if (Normalize(origin) is not { } normalized) return false;
        return normalized == Normalize($"{scheme}://{host}") || _allowed.Contains(normalized);
    }

    /// <summary>
    /// <c>scheme://host[:port]</c> in lower case, the default port left out; null when
    /// <paramref name="origin"/> is no http(s) origin (a path, a query, <c>null</c>).
    /// </summary>
    public static string? Normalize(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme is not ("http" or "https") || uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            return null;
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost.ToLowerInvariant();
        return uri.IsDefaultPort ? $"{uri.Scheme}://{host}" : $"{uri.Scheme}://{host}:{uri.Port}";
    }
}
