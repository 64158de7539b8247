// One tcp-half-open check in flight: its reserved port, its sequence number and its deadline.
using System.Diagnostics;

namespace FastLb.Health.Loop;

internal sealed class HalfOpenCheck(RawTcpSocket raw, int fd, LoopTarget target, ushort port, uint isn, IProbeCompletion done, long start) : LoopSocket
{
    private int _generation;
    private bool _ended;

    /// <summary>The reservation socket: bound, never listening, never in the epoll set.</summary>
    public override int Fd => fd;

    public override int Generation => _generation;

    public CheckTarget Target => target.Target;

    /// <summary>The reserved source port the SYN went from.</summary>
    public ushort Port => port;

    /// <summary>What the answer to the SYN acknowledges.</summary>
    public uint ExpectedAck => isn + 1;

    public (UInt128 Address, uint Ports) Key { get; } = RawTcpSocket.KeyOf(target.Target.Address, target.Target.Port, port);

    public override void OnEvent(uint events)
    {
    }

    public override void Expire() => End(false, ProbeReasons.Timeout);

    public override void Fail(string reason) => End(false, reason);

    public override void Close()
    {
        if (_ended)
        {
            return;
        }
        _ended = true;
        _generation++;
        raw.Remove(this);
        Sys.Close(fd);
    }

    /// <summary>Reports the verdict once and releases the port.</summary>
    public void End(bool healthy, string reason)
    {
        if (_ended)
        {
            return;
        }
        Close();
        if (!healthy)
        {
            target.Local = null; // looked up again next time: the route may have changed
        }
        done.Completed(healthy, reason, Stopwatch.GetElapsedTime(start));
    }
}
