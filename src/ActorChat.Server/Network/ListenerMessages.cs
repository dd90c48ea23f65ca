using System.Net;

namespace ActorChat.Server.Network;

/// <summary>Ask the listener for its address; answered with <see cref="ListenerBound"/> or <see cref="ListenerBindFailed"/> once known.</summary>
public sealed class AwaitBinding
{
    public static readonly AwaitBinding Instance = new();
    private AwaitBinding() { }
}

/// <summary>The listener is accepting connections at <paramref name="EndPoint"/> (the real port when 0 was asked).</summary>
public sealed record ListenerBound(IPEndPoint EndPoint);

/// <summary>The port could not be bound (in use, no permission, bad address).</summary>
public sealed record ListenerBindFailed(string Reason);

/// <summary>Ask how many client sessions are open; answered with an <see cref="int"/>.</summary>
public sealed class GetSessionCount
{
    public static readonly GetSessionCount Instance = new();
    private GetSessionCount() { }
}


/// <summary>New limits for the connections admitted from now on (a reload); connected sessions keep theirs.</summary>
public sealed record ApplyLimits(ServerLimits Limits);
