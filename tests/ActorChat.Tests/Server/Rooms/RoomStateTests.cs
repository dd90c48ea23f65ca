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
        Assert.True(room.TryHistory(3, null, out var newest));
        Assert.Equal([8L, 9, 10], newest.Select(m => m.Id));
        Assert.False(room.TryHistory(5, before: 9, out _)); // 8 only is kept below 9
        Assert.False(room.TryHistory(5, before: 1, out _)); // older ones were dropped: only the store knows
        Assert.True(room.TryHistory(0, null, out var none));
        Assert.Empty(none);
    }

    [Fact]
    public void A_room_that_never_dropped_a_message_answers_every_page_itself()
    {
        var room = new RoomState<int>("dev", historySize: 100);
        room.Add(1, "alice");
        for (var i = 1; i <= 10; i++) room.Record(room.Post(1, $"m{i}", Now)!);
        Assert.True(room.TryHistory(50, before: 3, out var oldest));
        Assert.Equal([1L, 2], oldest.Select(m => m.Id));
        Assert.True(room.TryHistory(5, before: 1, out var empty));
        Assert.Empty(empty);
    }

    [Fact]
    public void A_page_counts_messages_not_ids_when_refused_posts_left_gaps()
    {
        var room = new RoomState<int>("dev", historySize: 100);
        room.Add(1, "alice");
        room.Record(room.Post(1, "stored 1", Now)!);
        for (var i = 0; i < 500; i++) room.Post(1, "refused by the store", Now); // ids 2..501, never recorded
        room.Record(room.Post(1, "stored 2", Now)!);
        Assert.True(room.TryHistory(50, null, out var page));
        Assert.Equal([(1L, "stored 1"), (502L, "stored 2")], page.Select(m => (m.Id, m.Text)));
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

    private static RoomState<int> RoomWithStored(int count)
    {
        var room = new RoomState<int>("dev", 100);
        room.Add(1, "alice");
        for (var i = 1; i <= count; i++) room.Record(room.Post(1, $"m{i}", Now)!);
        return room;
    }

    [Fact]
    public void A_restored_member_gets_what_was_stored_after_the_last_message_it_was_sent()
    {
        var room = RoomWithStored(5);
        Assert.Equal(new long[] { 4, 5 }, room.Restore(2, "bob", afterId: 3, out var added).Select(m => m.Id));
        Assert.True(added);
        Assert.Empty(room.Restore(2, "bob", afterId: 3, out added)); // a second restore changes nothing
        Assert.False(added);
        Assert.Empty(room.Restore(3, "carol", afterId: null, out added)); // unknown: nothing sent again
        Assert.True(added);
    }

    [Fact]
    public void A_member_back_by_a_post_before_its_restore_gets_only_what_it_missed_before_the_post()
    {
        var room = RoomWithStored(3);
        Assert.True(room.AddAwaitingRestore(2, "bob"));
        room.Record(room.Post(2, "bob is back", Now)!); // 4: broadcast to bob as a member
        room.Record(room.Post(1, "m5", Now)!);

        Assert.Equal(new long[] { 2, 3 }, room.Restore(2, "bob", afterId: 1, out var added).Select(m => m.Id));
        Assert.False(added);
        Assert.Empty(room.Restore(2, "bob", afterId: 1, out _));
        Assert.False(room.AddAwaitingRestore(1, "alice")); // a known member is not taken back
    }
}
