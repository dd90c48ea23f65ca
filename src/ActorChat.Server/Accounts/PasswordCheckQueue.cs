using System.Threading.Channels;

namespace ActorChat.Server.Accounts;

/// <summary>
/// Where password hashing runs: a few threads of its own, so that a burst of logins slows only
/// logins, never an actor other users wait for, and never the thread pool the actors run on.
/// At most <c>waiting</c> checks queue for a thread; one more is refused at once
/// (<see cref="QueueFullException"/>: the client hears <c>unavailable</c>), which bounds the
/// memory a login flood can take (each running check holds Argon2's memory).
/// </summary>
public sealed class PasswordCheckQueue : IDisposable
{
    private readonly Channel<Action> _work;
    private readonly Thread[] _threads;

    public PasswordCheckQueue(int threads, int waiting)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(waiting, 1);
        // The channel holds what waits; each thread holds the one it runs.
        _work = Channel.CreateBounded<Action>(new BoundedChannelOptions(waiting) { FullMode = BoundedChannelFullMode.Wait });
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            // Below normal: on a busy machine the chat's threads go first, logins wait a little longer.
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"actorchat-password-check-{i + 1}", Priority = ThreadPriority.BelowNormal };
            _threads[i].Start();
        }
        Waiting = waiting;
    }

    /// <summary>Most checks that may wait for a thread.</summary>
    public int Waiting { get; }

    /// <summary>The default number of threads: half the cores, at least one (the other half keeps serving chat).</summary>
    public static int DefaultThreads => Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Runs <paramref name="check"/> on one of the queue's threads; fails with <see cref="QueueFullException"/> when too many wait.</summary>
    public Task<T> Run<T>(Func<T> check)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(() =>
            {
                try
                {
                    done.SetResult(check());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }))
        {
            done.SetException(new QueueFullException());
        }
        return done.Task;
    }

    private void Run()
    {
        var reader = _work.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var work)) work();
        }
    }

    /// <summary>Takes no more checks; the threads finish what waits and end.</summary>
    public void Dispose() => _work.Writer.TryComplete();
}

/// <summary>More password checks wait than the server queues.</summary>
public sealed class QueueFullException() : Exception("too many password checks are waiting");
