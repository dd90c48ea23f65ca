using ActorChat.Server.Rooms;

namespace ActorChat.Tests.Server.Rooms;

public sealed class RoomStateTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 11, 2, 3, 123, DateTimeKind.Utc);

    [Fact]
    public void Members_are_counted_once_and_removed_by_handle()
    {
        var room = new RoomState<int>("dev", 100);
        Assert.True(room.Add(1, "alice"));
        Assert.False(room.Add(1, "alice"));
        Assert.True(room.Add(2, "bob"));
        Assert.Equal(2, room.Count);
        Assert.Equal("alice", room.Remove(1));
        Assert.Null(room.Remove(1));
        Assert.Equal(1, room.Count);
    }

    [Fact]
    public void Posts_get_increasing_ids_and_the_server_known_sender_name()
    {
        var room = new RoomState<int>("dev", 100);
        room.Add(1, "alice");
        room.Add(2, "bob");
        var first = room.Post(1, "one", Now)!;
        var second = room.Post(2, "two", Now)!;
        Assert.Equal((1, "alice", "dev"), (first.Id, first.From, first.Room));
        Assert.Equal((2, "bob"), (second.Id, second.From));
        Assert.Equal(2, room.LastId);
    }

    [Fact]
    public void A_non_member_cannot_post()
    {
        var room = new RoomState<int>("dev", 100);
        Assert.Null(room.Post(7, "hi", Now));
        Assert.Equal(0, room.LastId);
    }

    [Fact]
    public void History_keeps_only_the_newest_messages_up_to_its_size()
    {
        var room = new RoomState<int>("dev", historySize: 3);
        room.Add(1, "alice");
        for (var i = 1; i <= 5; i++) room.Record(room.Post(1, $"m{i}", Now)!);
        Assert.Equal(new long[] { 3, 4, 5 }, room.History(50).Select(m => m.Id));
    }

    [Fact]
    public void History_pages_back_with_before_and_limit_oldest_first()
    {
        var room = new RoomState<int>("dev", 100);
        room.Add(1, "alice");
        for (var i = 1; i <= 10; i++) room.Record(room.Post(1, $"m{i}", Now)!);
        Assert.Equal(new long[] { 8, 9, 10 }, room.History(3).Select(m => m.Id));
        Assert.Equal(new long[] { 5, 6, 7 }, room.History(3, before: 8).Select(m => m.Id));
        Assert.Equal(new long[] { 1, 2 }, room.History(3, before: 3).Select(m => m.Id));
        Assert.Empty(room.History(3, before: 1));
        Assert.Empty(room.History(0));
    }

    [Fact]
    public void A_post_is_in_the_history_only_once_recorded_as_stored()
    {
        var room = new RoomState<int>("dev", 100);
        room.Add(1, "alice");
        var message = room.Post(1, "pending", Now)!;
        Assert.Empty(room.History(50));
        Assert.Equal(0, room.LastRecordedId);
        room.Record(message);
        Assert.Equal([message], room.History(50));
    }

    [Fact]
    public void Pages_older_than_the_kept_messages_must_be_read_from_the_store()
    {
        var room = new RoomState<int>("dev", historySize: 3);
        room.Add(1, "alice");
        for (var i = 1; i <= 10; i++) room.Record(room.Post(1, $"m{i}", Now)!);
        Assert.Equal((8, 10), room.PageRange(3, null));
        Assert.True(room.HoldsInMemory(room.PageRange(3, null)));
        Assert.Equal((4, 8), room.PageRange(5, before: 9));
        Assert.False(room.HoldsInMemory(room.PageRange(5, before: 9)));
        Assert.Equal((1, 2), room.PageRange(50, before: 3));
        Assert.True(room.HoldsInMemory(room.PageRange(5, before: 1))); // empty page
    }

    [Fact]
    public void Member_names_are_sorted_for_people()
    {
        var room = new RoomState<int>("dev", 100);
        room.Add(1, "carol");
        room.Add(2, "Bob");
        room.Add(3, "alice");
        Assert.Equal(["alice", "Bob", "carol"], room.MemberNames());
    }
}
