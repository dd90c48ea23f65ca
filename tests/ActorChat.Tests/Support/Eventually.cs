namespace ActorChat.Tests.Support;

/// <summary>Polls a condition that other threads make true, with a deadline (like TestKit's AwaitAssert).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never true: {what}");
            await Task.Delay(20);
        }
    }
}
