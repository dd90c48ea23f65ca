using ActorChat.Messages;
using ActorChat.Messages.Events;
using ActorChat.Server.Storage;

namespace ActorChat.Tests.Server.Storage;

/// <summary>"Re-sending is safe": which posts are the same message again.</summary>
public sealed class ResendWindowTests
{
    private static readonly DateTime Start = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);

    private static ChatMessage Message(long id, string from = "alice", string text = "hi", int minute = 0) =>
        ChatMessage.InRoom(id, "dev", from, text, Start.AddMinutes(minute));

    private readonly ResendWindow<string> _window = new(TimeSpan.FromMinutes(10), capacity: 3);

    [Fact]
    public void The_same_sender_id_and_text_within_the_window_is_the_same_message()
    {
        _window.Add(Message(1), RequestRef.Of("a"));
        Assert.Equal(1, _window.Find("ALICE", "a", "hi", Start.AddMinutes(9))?.Id); // names as the server knows them, any case
        Assert.Null(_window.Find("alice", "a", "hi again", Start)); // other text: a new post
        Assert.Null(_window.Find("bob", "a", "hi", Start)); // another user's ids are his own
        Assert.Null(_window.Find("alice", 1, "hi", Start)); // the number 1 is not the string "1" nor "a"
        Assert.Null(_window.Find("alice", null, "hi", Start)); // no id: always new
        Assert.Null(_window.Find("alice", "a", "hi", Start.AddMinutes(10).AddSeconds(1))); // past the window
    }

    [Fact]
    public void The_oldest_go_first_past_the_capacity_and_a_refused_message_is_forgotten()
    {
        for (var i = 1; i <= 4; i++) _window.Add(Message(i, text: $"m{i}"), RequestRef.Of(i));
        Assert.Null(_window.Find("alice", 1, "m1", Start));
        Assert.Equal(4, _window.Find("alice", 4, "m4", Start)?.Id);
        _window.Remove(Message(4, text: "m4"), RequestRef.Of(4));
        Assert.Null(_window.Find("alice", 4, "m4", Start));
    }

    [Fact]
    public void A_re_send_of_a_stored_message_is_answered_at_once_and_one_on_its_way_to_the_store_waits_for_its_answer()
    {
        _window.Add(Message(5), RequestRef.Of("a"));
        Assert.True(_window.IsResend("alice", "a", "hi", Start, lastStoredId: 5, "new-connection", out var now));
        Assert.Equal(5, now?.Id);
        Assert.Empty(_window.TakeStored(5)); // answered already: nobody waits

        _window.Add(Message(6, text: "later"), RequestRef.Of("b"));
        Assert.True(_window.IsResend("alice", "b", "later", Start, lastStoredId: 5, "new-connection", out now));
        Assert.Null(now);
        Assert.Empty(_window.TakeStored(5));
        Assert.Equal([(6L, "new-connection")], _window.TakeStored(6).Select(w => (w.Message.Id, w.Waiter)));

        _window.Add(Message(7, text: "lost"), RequestRef.Of("c"));
        Assert.True(_window.IsResend("alice", "c", "lost", Start, lastStoredId: 6, "again", out _));
        Assert.Equal("again", Assert.Single(_window.TakeFailed([7L])).Waiter);
        Assert.False(_window.IsResend("alice", "d", "new", Start, lastStoredId: 7, "x", out _));
    }
}
