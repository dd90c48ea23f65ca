using ActorChat.Server.Storage;
using ActorChat.Tests.Support;

namespace ActorChat.Tests.Server.Storage;

/// <summary>The store over a real SQLite file.</summary>
public sealed class SqliteMessageStoreTests() : MessageStoreTests(new TempStorage(), skipReason: null);

/// <summary>The store over a real PostgreSQL database (skipped, with the reason, where none is reachable).</summary>
public sealed class PostgresMessageStoreTests() : MessageStoreTests(TempStorage.Postgres(out var unavailable) ?? new TempStorage(), unavailable);

public abstract class MessageStoreTests : IDisposable
{
    private static readonly DateTime Time = new(2026, 12, 1, 10, 0, 0, 123, DateTimeKind.Utc);
    private static readonly ConversationKey Lobby = ConversationKey.Room("lobby");
    private static readonly ConversationKey Pair = ConversationKey.Pair("bob", "alice");

    private readonly TempStorage _storage;
    private readonly string? _skipReason;
    private readonly IMessageStore _store;

    protected MessageStoreTests(TempStorage storage, string? skipReason)
    {
        _storage = storage;
        _skipReason = skipReason;
        _store = storage.Settings.OpenStore();
    }

    private static StoredMessage InRoom(ConversationKey room, long id, string text = "") =>
        new(room, id, "alice", null, text == "" ? "m" + id : text, Time.AddSeconds(id));

    [SkippableFact]
    public void A_batch_of_many_conversations_is_read_back_by_conversation_in_id_order()
    {
        Skip.If(_skipReason is not null, _skipReason);
        var dev = ConversationKey.Room("dev");
        _store.Append([InRoom(Lobby, 1), InRoom(dev, 1), InRoom(Lobby, 2, "line\nbreak \"quoted\" ünïcødé 🙂"),
            new StoredMessage(Pair, 1, "Bob", "alice", "psst", Time)]);
        _store.Append([InRoom(Lobby, 3)]);

        Assert.Equal([1L, 2, 3], _store.ReadRange(Lobby, 1, 10, 100).Select(m => m.Id));
        Assert.Equal("line\nbreak \"quoted\" ünïcødé 🙂", _store.ReadRange(Lobby, 2, 2, 10).Single().Text);
        Assert.Equal(Time.AddSeconds(2), _store.ReadRange(Lobby, 2, 2, 10).Single().Time); // to the millisecond, UTC
        Assert.Equal([1L], _store.ReadRange(dev, 1, 10, 100).Select(m => m.Id));
        var direct = Assert.Single(_store.ReadRange(ConversationKey.Pair("alice", "bob"), 1, 10, 100)); // either order names the pair
        Assert.Equal(("Bob", "alice", "psst"), (direct.From, direct.To, direct.Text));
    }

    [SkippableFact]
    public void The_tail_is_the_last_id_and_the_newest_messages_oldest_first()
    {
        Skip.If(_skipReason is not null, _skipReason);
        Assert.Equal(ConversationTail.Empty, _store.LoadTail(Lobby, 5));
        _store.Append(Enumerable.Range(1, 12).Select(i => InRoom(Lobby, i)).ToList());

        var tail = _store.LoadTail(Lobby, 5);
        Assert.Equal(12, tail.LastId);
        Assert.Equal([8L, 9, 10, 11, 12], tail.Recent.Select(m => m.Id));
        Assert.Equal(12, _store.LoadTail(Lobby, 0).LastId);
        Assert.Empty(_store.LoadTail(Lobby, 0).Recent);
    }

    [SkippableFact]
    public void A_batch_is_stored_whole_or_not_at_all()
    {
        Skip.If(_skipReason is not null, _skipReason);
        _store.Append([InRoom(Lobby, 1)]);
        // id 1 again: the whole batch fails, its other messages included
        Assert.ThrowsAny<Exception>(() => _store.Append([InRoom(Lobby, 2), InRoom(ConversationKey.Room("dev"), 1), InRoom(Lobby, 1)]));
        Assert.Equal([1L], _store.ReadRange(Lobby, 1, 10, 10).Select(m => m.Id));
        Assert.Empty(_store.ReadRange(ConversationKey.Room("dev"), 1, 10, 10));

        _store.Append([InRoom(Lobby, 2)]); // and the writer goes on afterwards
        Assert.Equal(2, _store.LoadTail(Lobby, 1).LastId);
    }

    [SkippableFact]
    public void Pages_are_bounded_by_range_and_limit()
    {
        Skip.If(_skipReason is not null, _skipReason);
        _store.Append(Enumerable.Range(1, 30).Select(i => InRoom(Lobby, i)).ToList());
        Assert.Equal(Enumerable.Range(11, 10).Select(i => (long)i), _store.ReadRange(Lobby, 11, 20, 100).Select(m => m.Id));
        Assert.Equal([1L, 2, 3], _store.ReadRange(Lobby, 1, 30, 3).Select(m => m.Id));
        Assert.Empty(_store.ReadRange(Lobby, 5, 4, 10));
    }

    [SkippableFact]
    public void A_page_before_an_id_is_the_newest_messages_below_it_counted_in_messages_not_ids()
    {
        Skip.If(_skipReason is not null, _skipReason);
        _store.Append([InRoom(Lobby, 1), InRoom(Lobby, 2), InRoom(Lobby, 900), InRoom(Lobby, 901), InRoom(ConversationKey.Room("dev"), 3)]);
        Assert.Equal([2L, 900, 901], _store.ReadBefore(Lobby, long.MaxValue, 3).Select(m => m.Id));
        Assert.Equal([1L, 2], _store.ReadBefore(Lobby, 900, 50).Select(m => m.Id));
        Assert.Empty(_store.ReadBefore(Lobby, 1, 50));
        Assert.Empty(_store.ReadBefore(Lobby, long.MaxValue, 0));
    }

    public void Dispose()
    {
        _store.Dispose();
        _storage.Dispose();
    }

    [SkippableFact]
    public void The_ids_posts_carried_come_back_with_the_tail_for_the_resend_window_newest_kept()
    {
        Skip.If(_skipReason is not null, _skipReason);
        _store.Append([
            InRoom(Lobby, 1) with { ClientRef = ActorChat.Messages.RequestRef.Of("old").ToToken() },
            InRoom(Lobby, 2),
            InRoom(Lobby, 3) with { ClientRef = ActorChat.Messages.RequestRef.Of(7).ToToken() },
            InRoom(Lobby, 4) with { ClientRef = ActorChat.Messages.RequestRef.Of("7").ToToken() },
            new StoredMessage(Pair, 1, "Bob", "alice", "psst", Time) { ClientRef = "\"d\"" },
        ]);

        var tail = _store.LoadTail(Lobby, 1, resendableSince: Time.AddSeconds(2), resendableCapacity: 10);
        Assert.Equal([(3L, "7"), (4L, "\"7\"")], tail.Resendable.Select(m => (m.Id, m.ClientRef!))); // a number and a string never meet
        Assert.Equal([4L], _store.LoadTail(Lobby, 1, Time, resendableCapacity: 1).Resendable.Select(m => m.Id));
        Assert.Empty(_store.LoadTail(Lobby, 1).Resendable);
        Assert.Equal("\"d\"", Assert.Single(_store.LoadTail(Pair, 0, Time.AddDays(-1), 10).Resendable).ClientRef);
    }

    [SkippableFact]
    public void The_resend_window_is_read_back_across_pages_and_stops_at_the_first_message_older_than_it()
    {
        Skip.If(_skipReason is not null, _skipReason);
        // 500 old messages, then 2,500 within the window (more than one page of the read), every third with an id
        _store.Append(Enumerable.Range(1, 3000).Select(i => InRoom(Lobby, i) with
        {
            Time = i <= 500 ? Time.AddHours(-1) : Time.AddMilliseconds(i),
            ClientRef = i % 3 == 0 ? ActorChat.Messages.RequestRef.Of(i).ToToken() : null,
        }).ToList());

        var resendable = _store.LoadTail(Lobby, 1, resendableSince: Time, resendableCapacity: 10_000).Resendable;
        Assert.Equal(Enumerable.Range(501, 2500).Where(i => i % 3 == 0).Select(i => (long)i), resendable.Select(m => m.Id));
    }
}
