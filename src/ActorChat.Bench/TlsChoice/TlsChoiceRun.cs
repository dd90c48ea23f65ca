namespace ActorChat.Bench.TlsChoice;

/// <summary>One server's figures in one round of <c>tls-choice</c>; server CPU figures are null where /proc could not be read.</summary>
public sealed record TlsChoiceRun(
    string Server, int Round,
    double SequentialPerSecond, double? SequentialServerMicros,
    double ParallelPerSecond, double? ParallelServerMicros,
    double EchoPerSecond, double? EchoServerMicros,
    double IdleHeapBytes, double IdleRssBytes);
