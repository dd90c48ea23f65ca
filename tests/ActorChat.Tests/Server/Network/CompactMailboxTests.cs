using System.Net;
using System.Net.Sockets;
using ActorChat.Server.Network;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;
using Akka.IO;

namespace ActorChat.Tests.Server.Network;

public sealed class CompactMailboxTests
{
    private static Envelope Message(int i) => new(i, ActorRefs.NoSender);

    [Fact]
    public void Messages_come_out_in_the_order_they_went_in()
    {
        var queue = new CompactMessageQueue();
        Assert.False(queue.HasMessages);
        for (var i = 0; i < 5; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));
        Assert.True(queue.HasMessages);
        Assert.Equal(5, queue.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(queue.TryDequeue(out var envelope));
            Assert.Equal(i, envelope.Message);
        }
        Assert.False(queue.TryDequeue(out _));
        Assert.False(queue.HasMessages);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void A_drained_queue_takes_messages_again_after_a_burst()
    {
        var queue = new CompactMessageQueue();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 100; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));
            for (var i = 0; i < 100; i++)
            {
                Assert.True(queue.TryDequeue(out var envelope));
                Assert.Equal(i, envelope.Message);
            }
            Assert.False(queue.HasMessages);
        }
    }

    [Fact]
    public void Messages_keep_their_order_while_the_ring_wraps_and_grows()
    {
        var queue = new CompactMessageQueue();
        var next = 0;
        var expected = 0;
        for (var round = 1; round <= 20; round++)
        {
            // put in more than is taken out, so the ring wraps, then has to grow while wrapped
            for (var i = 0; i < round % 7 + 2; i++) queue.Enqueue(ActorRefs.Nobody, Message(next++));
            for (var i = 0; i < round % 3 + 1 && queue.TryDequeue(out var envelope); i++) Assert.Equal(expected++, envelope.Message);
        }
        while (queue.TryDequeue(out var envelope)) Assert.Equal(expected++, envelope.Message);
        Assert.Equal(next, expected);
    }

    [Fact]
    public void An_idle_queue_holds_no_ring_until_its_first_message_and_only_the_small_one_after_a_burst()
    {
        var queue = new CompactMessageQueue();
        Assert.Equal(0, queue.Capacity);
        queue.Enqueue(ActorRefs.Nobody, Message(1));
        Assert.Equal(CompactMessageQueue.InitialCapacity, queue.Capacity);
        Assert.True(queue.TryDequeue(out _));
        Assert.Equal(CompactMessageQueue.InitialCapacity, queue.Capacity); // kept: the next message needs no allocation

        for (var i = 0; i < 100; i++) queue.Enqueue(ActorRefs.Nobody, Message(i));
        Assert.True(queue.Capacity >= 100);
        while (queue.TryDequeue(out _)) { }
        Assert.Equal(0, queue.Capacity); // the burst's ring is dropped once drained
    }

    [Fact]
    public async Task Many_producers_lose_nothing()
    {
        var queue = new CompactMessageQueue();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++) queue.Enqueue(ActorRefs.Nobody, Message(p * 10_000 + i));
        })));
        var seen = new HashSet<int>();
        while (queue.TryDequeue(out var envelope)) Assert.True(seen.Add((int)envelope.Message));
        Assert.Equal(40_000, seen.Count);
    }

    [Fact]
    public async Task A_consumer_taking_while_producers_put_sees_every_message_once_in_each_producers_order()
    {
        var queue = new CompactMessageQueue();
        var producers = Task.WhenAll(Enumerable.Range(0, 3).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++) queue.Enqueue(ActorRefs.Nobody, Message(p * 100_000 + i));
        })));
        var last = new[] { -1, -1, -1 };
        var taken = 0;
        while (taken < 60_000)
        {
            if (!queue.TryDequeue(out var envelope))
            {
                Assert.False(producers.IsFaulted);
                continue;
            }
            var value = (int)envelope.Message;
            Assert.True(value % 100_000 > last[value / 100_000]);
            last[value / 100_000] = value % 100_000;
            taken++;
        }
        await producers;
        Assert.False(queue.HasMessages);
    }

    [Fact]
    public async Task An_actor_system_that_knows_the_mailbox_runs_actors_on_it()
    {
        using var system = ActorSystem.Create("compact", CompactMailbox.Configuration);
        var props = CompactMailbox.Apply(Props.Create(() => new Echo()), system);
        Assert.Equal(CompactMailbox.Id, props.Mailbox);
        var echo = system.ActorOf(props);
        Assert.Equal("hello", await echo.Ask<string>("hello", TimeSpan.FromSeconds(5)));
        await system.Terminate();
    }

    [Fact]
    public async Task Without_the_configuration_props_keep_the_default_mailbox()
    {
        using var system = ActorSystem.Create("plain");
        var props = Props.Create(() => new Echo());
        Assert.Same(props, CompactMailbox.Apply(props, system));
        await system.Terminate();
    }

    [Fact]
    public async Task Actors_that_ask_for_an_unbounded_mailbox_by_type_get_the_compact_one()
    {
        using var system = ActorSystem.Create("compact", CompactMailbox.Configuration);
        var needy = system.ActorOf(Props.Create(() => new NeedsUnbounded()));
        Assert.Equal("hello", await needy.Ask<string>("hello", TimeSpan.FromSeconds(5)));
        Assert.IsType<CompactMessageQueue>(QueueOf(needy));
        await system.Terminate();
    }

    [Fact]
    public async Task Akka_IO_connection_actors_run_on_the_compact_mailbox()
    {
        using var system = ActorSystem.Create("compact", CompactMailbox.Configuration);
        var handler = system.ActorOf(Props.Create(() => new ConnectionCatcher()));
        var bound = await system.Tcp().Ask<Tcp.Bound>(new Tcp.Bind(handler, new IPEndPoint(IPAddress.Loopback, 0)), TimeSpan.FromSeconds(5));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(bound.LocalAddress);
        var connection = await handler.Ask<IActorRef>(ConnectionCatcher.Get.Instance, TimeSpan.FromSeconds(5));
        Assert.IsType<CompactMessageQueue>(QueueOf(connection));
        await system.Terminate();
    }

    /// <summary>The queue behind an actor (a top-level one once it has started, so ask it something first).</summary>
    private static IMessageQueue QueueOf(IActorRef actor) => ((ActorCell)((ActorRefWithCell)actor).Underlying).Mailbox!.MessageQueue;

    private sealed class Echo : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }

    private sealed class NeedsUnbounded : UntypedActor, IRequiresMessageQueue<IUnboundedMessageQueueSemantics>
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }

    /// <summary>Keeps the first connection Akka.IO reports and tells it to whoever asks.</summary>
    private sealed class ConnectionCatcher : UntypedActor
    {
        public sealed class Get { public static readonly Get Instance = new(); }

        private IActorRef? _connection;
        private IActorRef? _asker;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Tcp.Connected:
                    _connection = Sender;
                    Sender.Tell(new Tcp.Register(Self));
                    _asker?.Tell(_connection);
                    break;
                case Get:
                    if (_connection is not null) Sender.Tell(_connection);
                    else _asker = Sender;
                    break;
            }
        }
    }
}
