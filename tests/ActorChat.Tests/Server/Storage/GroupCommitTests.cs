using ActorChat.Server.Storage;

namespace ActorChat.Tests.Server.Storage;

public sealed class GroupCommitTests
{
    private static readonly DateTime Time = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private static StoredMessage InRoom(string room, long id) => new(ConversationKey.Room(room), id, "alice", null, "m" + id, Time);

    [Fact]
    public void Every_room_of_a_batch_hears_once_up_to_its_last_id_and_all_go_in_one_append()
    {
        var commit = new GroupCommit<string>(maxBatch: 100);
        commit.Add(InRoom("a", 1), "room-a");
        commit.Add(InRoom("b", 7), "room-b");
        commit.Add(InRoom("a", 2), "room-a");
        commit.Add(InRoom("a", 3), "room-a");
        var appends = new List<IReadOnlyList<StoredMessage>>();

        var outcomes = commit.Commit(batch => appends.Add(batch.ToList()));

        Assert.Equal([1L, 7, 2, 3], Assert.Single(appends).Select(m => m.Id));
        Assert.Equal([("room-a", 3L, true), ("room-b", 7L, true)], outcomes.Select(o => (o.ReplyTo, o.UpToId, o.Stored)));
        Assert.True(commit.IsEmpty);
    }

    [Fact]
    public void A_failed_append_tells_each_sender_which_of_its_ids_were_not_stored()
    {
        var commit = new GroupCommit<string>(maxBatch: 100);
        commit.Add(InRoom("a", 1), "room-a");
        commit.Add(InRoom("b", 4), "room-b");
        commit.Add(InRoom("a", 2), "room-a");

        var outcomes = commit.Commit(_ => throw new InvalidOperationException("disk full"));

        Assert.All(outcomes, o => Assert.Equal("disk full", o.Failure));
        Assert.Equal([1L, 2], outcomes.Single(o => o.ReplyTo == "room-a").FailedIds!);
        Assert.Equal([4L], outcomes.Single(o => o.ReplyTo == "room-b").FailedIds!);
        Assert.True(commit.IsEmpty);
    }

    [Fact]
    public void A_batch_is_full_at_its_bound_and_an_empty_one_appends_nothing()
    {
        var commit = new GroupCommit<string>(maxBatch: 2);
        Assert.Empty(commit.Commit(_ => throw new InvalidOperationException("no append for an empty batch")));
        commit.Add(InRoom("a", 1), "a");
        Assert.False(commit.IsFull);
        commit.Add(InRoom("a", 2), "a");
        Assert.True(commit.IsFull);
    }
}
