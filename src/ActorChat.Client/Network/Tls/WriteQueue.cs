namespace ActorChat.Client.Network.Tls;

/// <summary>
/// Keeps writes to a stream one at a time and in order: a stream such as SslStream takes
/// no second write while one is under way. Bytes that come during a write wait, and go
/// together as the next one.
/// </summary>
/// <remarks>Plain state; the transport actor starts the writes it is told to.</remarks>
public sealed class WriteQueue
{
    private readonly List<byte[]> _waiting = [];

    /// <summary>A write is under way.</summary>
    public bool Writing { get; private set; }

    /// <summary>No write under way and none waiting.</summary>
    public bool IsIdle => !Writing && _waiting.Count == 0;

    /// <summary>Bytes to write: returns them when they may go now, else null (they wait their turn).</summary>
    public byte[]? Add(byte[] bytes)
    {
        if (Writing)
        {
            _waiting.Add(bytes);
            return null;
        }
        Writing = true;
        return bytes;
    }

    /// <summary>The write under way finished: returns everything waiting, joined, to write next; null when nothing waits.</summary>
    public byte[]? Done()
    {
        if (_waiting.Count == 0)
        {
            Writing = false;
            return null;
        }
        var next = _waiting.Count == 1 ? _waiting[0] : _waiting.SelectMany(b => b).ToArray();
        _waiting.Clear();
        return next;
    }
}
