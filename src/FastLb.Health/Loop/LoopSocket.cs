// What the check loop drives: a socket of its epoll set, or a check with a deadline, or both.
namespace FastLb.Health.Loop;

internal abstract class LoopSocket
{
    /// <summary>The descriptor; -1 for an entry that only waits on a deadline.</summary>
    public abstract int Fd { get; }

    /// <summary>Bumped whenever a deadline set earlier stops applying.</summary>
    public abstract int Generation { get; }

    /// <summary>An epoll event of <see cref="Fd"/>.</summary>
    public abstract void OnEvent(uint events);

    /// <summary>The deadline set for this generation came.</summary>
    public abstract void Expire();

    /// <summary>Handling an event threw: end what this entry carries with <paramref name="reason"/>.</summary>
    public abstract void Fail(string reason);

    /// <summary>Ends the entry without a verdict and releases its descriptor.</summary>
    public abstract void Close();
}
