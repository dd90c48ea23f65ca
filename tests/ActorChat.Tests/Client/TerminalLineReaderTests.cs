using ActorChat.Client.Input;
using ActorChat.Client.Session;
using Akka.TestKit.Xunit2;

namespace ActorChat.Tests.Client;

/// <summary>The plain-mode terminal reader, on scripted keys: ordinary lines echoed, a password not at all.</summary>
public sealed class TerminalLineReaderTests : TestKit
{
    private readonly StringWriter _screen = new();

    private static ConsoleKeyInfo Char(char c) => new(c, c switch
    {
        '\r' => ConsoleKey.Enter,
        '\b' => ConsoleKey.Backspace,
        _ => ConsoleKey.NoName,
    }, shift: false, alt: false, control: c < ' ');

    /// <summary>Runs the reader over <paramref name="script"/>; each <c>ask</c> step asks for a password at that point, for <paramref name="asker"/>.</summary>
    private TerminalLineReader Run(IEnumerable<object> script, Akka.Actor.IActorRef session, Akka.Actor.IActorRef asker)
    {
        TerminalLineReader? reader = null;
        using var steps = script.GetEnumerator();
        ConsoleKeyInfo? Next()
        {
            while (steps.MoveNext())
            {
                switch (steps.Current)
                {
                    case string prompt:
                        reader!.Ask(prompt, asker);
                        continue;
                    case char c:
                        return Char(c);
                }
            }
            return null;
        }
        reader = new TerminalLineReader(Next, _screen);
        reader.Run(session);
        return reader;
    }

    private static IEnumerable<object> Keys(string text) => text.Select(c => (object)c);

    [Fact]
    public void Ordinary_lines_are_echoed_and_told_with_backspace_applied()
    {
        var session = CreateTestProbe();
        Run(Keys("oops\x15helo\bp me\r/quit\r"), session, session);

        Assert.Equal("help me", session.ExpectMsg<TypedLine>().Text);
        Assert.Equal("/quit", session.ExpectMsg<TypedLine>().Text);
        session.ExpectMsg<InputEnded>();
        Assert.Equal("oops\b \b\b \b\b \b\b \bhelo\b \bp me" + Environment.NewLine + "/quit" + Environment.NewLine, _screen.ToString());
    }

    [Fact]
    public void A_password_asked_for_is_not_shown_not_even_its_length_and_goes_to_the_asker_only()
    {
        var session = CreateTestProbe();
        var asker = CreateTestProbe();
        Run([.. Keys("chat\r"), "Password for alice: ", .. Keys("s3cret pass\bs\r"), .. Keys("after\r")], session, asker.Ref);

        Assert.Equal("s3cret pass", asker.ExpectMsg<TypedSecret>().Secret.Reveal());
        Assert.Equal("chat", session.ExpectMsg<TypedLine>().Text);
        Assert.Equal("after", session.ExpectMsg<TypedLine>().Text);
        session.ExpectMsg<InputEnded>();
        var screen = _screen.ToString();
        Assert.Equal("chat" + Environment.NewLine + "Password for alice: " + Environment.NewLine + "after" + Environment.NewLine, screen);
        Assert.DoesNotContain("s3cret", screen);
        Assert.DoesNotContain("*", screen);
    }

    [Fact]
    public void The_end_of_input_at_a_password_prompt_gives_the_password_up()
    {
        var session = CreateTestProbe();
        var asker = CreateTestProbe();
        // "x" is dropped when the prompt comes; Ctrl-D after "ha" is ignored, on an empty line it ends the input.
        Run([.. Keys("x"), "Password for alice: ", .. Keys("ha\x04\b\b\x04never")], session, asker.Ref);

        Assert.True(asker.ExpectMsg<TypedSecret>().IsEmpty);
        session.ExpectMsg<InputEnded>();
        session.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void A_cancelled_prompt_makes_the_next_line_ordinary_again_and_another_askers_cancel_does_nothing()
    {
        var session = CreateTestProbe();
        var asker = CreateTestProbe();
        var reader = new TerminalLineReader(() => null, _screen);
        reader.Ask("Password for alice: ", asker.Ref);
        reader.Cancel(session.Ref);
        reader.Run(session.Ref);
        Assert.True(asker.ExpectMsg<TypedSecret>().IsEmpty); // still asked: the other cancel did nothing

        var second = new TerminalLineReader(() => null, _screen);
        second.Ask("Password for alice: ", asker.Ref);
        second.Cancel(asker.Ref);
        second.Run(session.Ref);
        asker.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }
}
