namespace ActorChat.Tests.Client;

/// <summary>A clock that always says the same instant, in a chosen zone, so formatted times are predictable.</summary>
internal sealed class FixedClock(DateTimeOffset utcNow, TimeZoneInfo zone) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;

    public override TimeZoneInfo LocalTimeZone => zone;

    /// <summary>UTC+2, no daylight saving: shows that times are converted, not printed as UTC.</summary>
    public static readonly TimeZoneInfo PlusTwo = TimeZoneInfo.CreateCustomTimeZone("Test+2", TimeSpan.FromHours(2), "Test+2", "Test+2");
}
