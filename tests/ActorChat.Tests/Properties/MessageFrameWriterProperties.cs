using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Events;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ActorChat.Tests.Properties;

/// <summary>The fast <c>message</c> encoder writes exactly the frame the general serializer writes.</summary>
public class MessageFrameWriterProperties
{
    private static Gen<ChatMessage> Messages =>
        from id in Gen.Choose(1, int.MaxValue).Select(i => (long)i * 3)
        from direct in Gen.Elements(false, true)
        from place in Generators.Name
        from sender in Generators.Name
        from text in Generators.AnyText
        from millis in Gen.Choose(0, int.MaxValue)
        from reference in Gen.OneOf(
            Gen.Constant<RequestRef?>(null),
            Generators.AnyText.Select(t => (RequestRef?)RequestRef.Of(Generators.Truncate(t, 64))),
            Gen.Choose(int.MinValue, int.MaxValue).Select(n => (RequestRef?)RequestRef.Of((long)n * 7)))
        let time = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(millis * 37.0)
        let message = direct ? ChatMessage.Direct(id, place, sender, text, time) : ChatMessage.InRoom(id, place, sender, text, time)
        select message with { Ref = reference };

    [Property(MaxTest = 3000)]
    public Property Same_bytes_as_the_general_serializer() =>
        Prop.ForAll(Messages.ToArbitrary(), message =>
        {
            var fast = ProtocolSerializer.EncodeEvent(message);
            var general = ProtocolSerializer.ToJson(message) + "\n"; // Newtonsoft, driven by the records' attributes
            Assert.Equal(general, Encoding.UTF8.GetString(fast));
        });

    [Property(MaxTest = 3000)]
    public Property A_senders_copy_spliced_from_the_shared_frame_is_the_frame_the_serializer_writes_with_ref() =>
        Prop.ForAll(Messages.Where(m => m.Ref is not null).ToArbitrary(), message =>
        {
            var shared = ProtocolSerializer.EncodeEvent(message with { Ref = null });
            var own = ProtocolSerializer.WithRef(shared, message.Ref!);
            Assert.Equal(ProtocolSerializer.ToJson(message) + "\n", Encoding.UTF8.GetString(own));
        });

    [Fact]
    public void A_message_with_escapes_reads_back_as_it_was()
    {
        var message = ChatMessage.InRoom(7, "dev", "zoë", "tab\there \"quoted\" back\\slash\nline 名前 👋 \u2028", new DateTime(2026, 11, 25, 11, 2, 3, 123, DateTimeKind.Utc)) with { Ref = "m1" };
        var frame = ProtocolSerializer.EncodeEvent(message);
        Assert.Equal((byte)'\n', frame[^1]);
        Assert.Equal(message, ProtocolSerializer.DecodeEvent(frame.AsSpan(0, frame.Length - 1)).Value);
    }
}
