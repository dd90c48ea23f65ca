namespace ActorChat.Server;

/// <summary>Message times as the wire shows them: UTC, whole milliseconds.</summary>
public static class WireClock
{
    /// <summary>Now, truncated to milliseconds, so a stored time equals what clients read back.</summary>
    public static DateTime WireUtcNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}
