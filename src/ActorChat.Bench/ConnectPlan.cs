using System.Globalization;
using System.Net;

namespace ActorChat.Bench;

/// <summary>
/// How the connect scenario spreads its clients: over loopback source addresses (each
/// source address has its own ephemeral port range towards the server) and, past the
/// open-file limit of one process, over several generator processes.
/// </summary>
public static class ConnectPlan
{
    /// <summary>Descriptors a generator process keeps for itself (runtime, pipes, epoll) besides its sockets.</summary>
    public const int ReservedDescriptors = 256;

    /// <summary>Most loopback source addresses: 127.0.0.1 to 127.0.0.254.</summary>
    public const int MaxSourceAddresses = 254;

    /// <summary>The source address of client <paramref name="client"/>: 127.0.0.(1 + client mod sources); null (any) for one source.</summary>
    public static IPAddress? SourceAddress(int client, int sourceAddresses) =>
        sourceAddresses <= 1 ? null : new IPAddress([127, 0, 0, (byte)(1 + client % Math.Min(sourceAddresses, MaxSourceAddresses))]);

    /// <summary>
    /// Generator processes needed for <paramref name="clients"/> sockets when one process may
    /// open <paramref name="openFileLimit"/> files (null: no known limit, one process).
    /// </summary>
    public static int ProcessesFor(int clients, long? openFileLimit)
    {
        if (openFileLimit is not { } limit || clients <= 0) return 1;
        var perProcess = Math.Max(1, limit - ReservedDescriptors);
        return (int)Math.Max(1, (clients + perProcess - 1) / perProcess);
    }

    /// <summary>Clients split into <paramref name="processes"/> consecutive shares as equal as can be: (first index, count).</summary>
    public static IReadOnlyList<(int First, int Count)> Split(int clients, int processes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(processes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(clients);
        var shares = new List<(int, int)>(processes);
        var first = 0;
        for (var p = 0; p < processes; p++)
        {
            var count = clients / processes + (p < clients % processes ? 1 : 0);
            shares.Add((first, count));
            first += count;
        }
        return shares;
    }

}
