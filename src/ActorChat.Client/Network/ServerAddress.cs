using System.Globalization;

namespace ActorChat.Client.Network;

/// <summary>A server as given on the command line: <c>HOST:PORT</c>, <c>[IPv6]:PORT</c>.</summary>
public sealed record ServerAddress(string Host, int Port)
{
    /// <summary>Null when <paramref name="text"/> is not HOST:PORT with a port from 1 to 65535.</summary>
    public static ServerAddress? Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return null;
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        else if (host.Contains(':')) return null; // a bare IPv6 address needs brackets
        if (host.Length == 0) return null;
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535) return null;
        return new ServerAddress(host, port);
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
