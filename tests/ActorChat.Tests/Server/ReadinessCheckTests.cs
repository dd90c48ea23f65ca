using ActorChat.Server.Hosting;
using ActorChat.Server.Storage;
using ActorChat.Server.Transport.Kestrel;
using Akka.TestKit.Xunit2;

namespace ActorChat.Tests.Server;

/// <summary>/readyz's answers through a server's start: nothing is ready before the listener is open.</summary>
public sealed class ReadinessCheckTests : TestKit
{
    private static StoreProbe Answering(bool reachable) =>
        new(_ => reachable ? Task.CompletedTask : Task.FromException(new InvalidOperationException("cut")));

    [Fact]
    public async Task Starting_until_the_actor_system_exists_and_the_listener_is_open_then_ready_or_the_store_unreachable()
    {
        var door = new FrontDoor(1024);
        var ready = new ReadinessCheck(door, Answering(true));
        Assert.Equal("starting", await ready.NotReadyBecauseAsync());
        ready.Watch(Sys, clustered: false);
        Assert.Equal("starting", await ready.NotReadyBecauseAsync()); // the listener is not bound yet
        door.Open(Sys, TestActor);
        Assert.Null(await ready.NotReadyBecauseAsync());

        var cut = new ReadinessCheck(door, Answering(false));
        cut.Watch(Sys, clustered: false);
        Assert.Equal("store unreachable", await cut.NotReadyBecauseAsync());

        door.Closing();
        Assert.Equal("stopping", await ready.NotReadyBecauseAsync());
    }
}
