using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Users;
using ActorChat.Server.Delivery;
using ActorChat.Tests.Support;
using Akka.Actor;

namespace ActorChat.Tests.Server.Users;

public sealed class UserDirectoryTests : StoreTestKit
{
    private readonly IActorRef _users;

    public UserDirectoryTests() => _users = Sys.ActorOf(UserDirectory.Props(new ActorChat.Server.ServerLimits(), Messages, Accounts));

    [Fact]
    public void A_name_is_granted_once_until_its_holder_releases_it_or_dies()
    {
        var alice = CreateTestProbe();
        var impostor = CreateTestProbe();
        _users.Tell(new ClaimName("alice"), alice);
        alice.ExpectMsg(new NameClaimed("alice"));

        _users.Tell(new ClaimName("ALICE"), impostor);
        Assert.Equal(ErrorCodes.NameTaken, impostor.ExpectMsg<NameRefused>().Code);

        _users.Tell(ReleaseName.Instance, alice);
        _users.Tell(new ClaimName("Alice"), impostor);
        impostor.ExpectMsg(new NameClaimed("Alice"));

        Watch(impostor);
        impostor.Tell(PoisonPill.Instance);
        ExpectTerminated(impostor);
        AwaitAssert(() =>
        {
            var next = CreateTestProbe();
            _users.Tell(new ClaimName("alice"), next);
            next.ExpectMsg(new NameClaimed("alice"), TimeSpan.FromMilliseconds(200));
        });
    }

    [Fact]
    public void A_direct_message_reaches_the_recipient_and_the_sender_with_ref()
    {
        var alice = CreateTestProbe();
        var bob = CreateTestProbe();
        _users.Tell(new ClaimName("alice"), alice);
        _users.Tell(new ClaimName("Bob"), bob);
        alice.ExpectMsg<NameClaimed>();
        bob.ExpectMsg<NameClaimed>();

        _users.Tell(new SendDirect("bob", "psst", "d1"), alice);
        var received = bob.ExpectFrame().As<ChatMessage>();
        var own = alice.ExpectFrame().As<ChatMessage>();
        Assert.Equal((1L, "Bob", "alice", "psst", (RequestRef?)null), (received.Id, received.To, received.From, received.Text, received.Ref));
        Assert.Equal(received with { Ref = "d1" }, own);

        _users.Tell(new SendDirect("alice", "hi", null), bob);
        Assert.Equal(2, alice.ExpectFrame().As<ChatMessage>().Id); // ids count per pair
    }

    [Fact]
    public void A_quiet_conversation_stops_and_the_next_message_continues_its_ids()
    {
        var users = Sys.ActorOf(UserDirectory.Props(new ActorChat.Server.ServerLimits(), Messages, Accounts, conversationIdle: TimeSpan.FromMilliseconds(200)));
        var alice = CreateTestProbe();
        var bob = CreateTestProbe();
        users.Tell(new ClaimName("alice"), alice);
        users.Tell(new ClaimName("bob"), bob);
        alice.ExpectMsg<NameClaimed>();
        bob.ExpectMsg<NameClaimed>();

        users.Tell(new SendDirect("bob", "one", null), alice);
        Assert.Equal(1, bob.ExpectFrame().As<ChatMessage>().Id);
        alice.ExpectFrame();

        // the conversation stops once quiet (its actor is gone), and comes back from the store
        AwaitCondition(() => Sys.ActorSelection(users.Path / "dm-1").ResolveOne(TimeSpan.FromSeconds(1)).ContinueWith(t => t.IsFaulted).Result,
            TimeSpan.FromSeconds(10));
        users.Tell(new SendDirect("alice", "two", null), bob);
        Assert.Equal(2, alice.ExpectFrame().As<ChatMessage>().Id);
    }

    [Fact]
    public void A_direct_message_to_nobody_is_no_such_user()
    {
        var alice = CreateTestProbe();
        _users.Tell(new ClaimName("alice"), alice);
        alice.ExpectMsg<NameClaimed>();
        _users.Tell(new SendDirect("ghost", "hello?", 3), alice);
        var error = alice.ExpectFrame().As<ErrorEvent>();
        Assert.Equal((ErrorCodes.NoSuchUser, RequestRef.Of(3)), (error.Code, error.Ref));
    }

    [Fact]
    public void Conversations_are_counted_while_they_run_and_stop_when_one_of_the_pair_leaves()
    {
        var alice = CreateTestProbe();
        var bob = CreateTestProbe();
        var carol = CreateTestProbe();
        foreach (var (probe, name) in new[] { (alice, "alice"), (bob, "bob"), (carol, "carol") })
        {
            _users.Tell(new ClaimName(name), probe);
            probe.ExpectMsg<NameClaimed>();
        }
        Assert.Equal(0, Conversations());

        _users.Tell(new SendDirect("bob", "one", null), alice);
        bob.ExpectMsg<Deliver>();
        alice.ExpectMsg<Deliver>();
        _users.Tell(new SendDirect("carol", "two", null), bob);
        carol.ExpectMsg<Deliver>();
        bob.ExpectMsg<Deliver>();
        Assert.Equal(2, Conversations()); // alice~bob and bob~carol

        // bob leaves: both of his conversations stop (neither can carry a message without him)
        _users.Tell(ReleaseName.Instance, bob);
        AwaitAssert(() => Assert.Equal(0, Conversations()), TimeSpan.FromSeconds(10));

        // he comes back: the pair's next message continues its ids from the store
        var bobAgain = CreateTestProbe();
        _users.Tell(new ClaimName("bob"), bobAgain);
        bobAgain.ExpectMsg<NameClaimed>();
        _users.Tell(new SendDirect("bob", "three", null), alice);
        Assert.Equal(2, bobAgain.ExpectMsg<Deliver>().As<ChatMessage>().Id);
        Assert.Equal(1, Conversations());

        // a session that dies releases its name, and its conversations stop too
        Watch(alice);
        alice.Tell(PoisonPill.Instance);
        ExpectTerminated(alice);
        AwaitAssert(() => Assert.Equal(0, Conversations()), TimeSpan.FromSeconds(10));
    }

    private int Conversations() => _users.Ask<int>(GetConversationCount.Instance, TimeSpan.FromSeconds(5)).Result;
}
