using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace ActorChat.Client.Output;

/// <summary>
/// Akka's log sink for the client: writes log events to standard error, so that standard
/// output carries only chat lines and a script reading it never sees Akka's messages.
/// </summary>
public sealed class StandardErrorLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public StandardErrorLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(logEvent => Console.Error.WriteLine(logEvent.ToString()));
    }
}
