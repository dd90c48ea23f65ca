using ActorChat.Server.Storage;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Server.Storage;

/// <summary>The writer over a real SQLite store.</summary>
public sealed class MessageWriterTests : StoreTestKit
{
    private static readonly DateTime Time = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private static StoreMessage Post(string room, long id) => new(new StoredMessage(ConversationKey.Room(room), id, "alice", null, "m" + id, Time));

    [Fact]
    public void Each_sender_hears_that_its_messages_are_stored_in_order_and_they_are_readable_then()
    {
        var roomA = CreateTestProbe();
        var roomB = CreateTestProbe();
        for (var id = 1; id <= 50; id++)
        {
            Messages.Writer.Tell(Post("a", id), roomA);
            Messages.Writer.Tell(Post("b", id), roomB);
        }

        foreach (var (room, key) in new[] { (roomA, "a"), (roomB, "b") })
        {
            long upTo = 0;
            while (upTo < 50)
            {
                var stored = room.ExpectMsg<MessagesStored>();
                Assert.Equal(ConversationKey.Room(key), stored.Conversation);
                Assert.True(stored.UpToId > upTo, "confirmations only move forward");
                upTo = stored.UpToId;
                Assert.True(Store.LoadTail(ConversationKey.Room(key), 0).LastId >= upTo, "a confirmed message is readable"); // later batches may be in too
            }
        }
    }

    [Fact]
    public void A_batch_that_cannot_be_stored_is_reported_to_its_senders_and_the_writer_goes_on()
    {
        var room = CreateTestProbe();
        Store.Append([new StoredMessage(ConversationKey.Room("a"), 1, "bob", null, "already there", Time)]);

        Messages.Writer.Tell(Post("a", 1), room); // the same id: the transaction fails
        var failed = room.ExpectMsg<MessagesNotStored>();
        Assert.Equal([1L], failed.Ids);

        Messages.Writer.Tell(Post("a", 2), room);
        Assert.Equal(2, room.ExpectMsg<MessagesStored>().UpToId);
    }

    [Fact]
    public void A_store_that_keeps_refusing_is_logged_once_until_it_works_again()
    {
        var room = CreateTestProbe();
        Store.Append([.. Enumerable.Range(1, 3).Select(id => new StoredMessage(ConversationKey.Room("a"), id, "bob", null, "already there", Time))]);

        // Three refused batches in a row (the same ids again): one error line, not three.
        EventFilter.Error(start: "the store refuses writes").Expect(1, () =>
        {
            for (var id = 1; id <= 3; id++)
            {
                Messages.Writer.Tell(Post("a", id), room);
                Assert.Equal([(long)id], room.ExpectMsg<MessagesNotStored>().Ids);
            }
        });

        // It works again; a later refusal is a new outage, logged again.
        Messages.Writer.Tell(Post("a", 4), room);
        Assert.Equal(4, room.ExpectMsg<MessagesStored>().UpToId);
        EventFilter.Error(start: "the store refuses writes").ExpectOne(() =>
        {
            Messages.Writer.Tell(Post("a", 4), room);
            room.ExpectMsg<MessagesNotStored>();
        });
    }
}
