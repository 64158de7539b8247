// One thread and one epoll set that run every tcp, tcp-half-open and http check of the process on non-blocking sockets.
using System.Diagnostics;

namespace FastLb.Health.Loop;

/// <summary>
/// Checks are handed over from any thread (<see cref="Start"/>) and run to their verdict on this
/// loop's thread alone: no task, socket object or thread-pool hop per check, no lock but the
/// hand-over's. Deadlines (check timeouts, and how long a kept connection may wait idle) sit in one
/// heap; a deadline outdated by the check ending is skipped when it comes up. The loop is made on
/// first use and lives as long as the process.
/// </summary>
internal sealed unsafe class CheckLoop
{
    /// <summary>A kept connection unused this long is closed: it outlives its target's removal by no more.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(30);

    private const int MaxEvents = 256;
    private const int ReceiveSize = 64 * 1024;

    private static readonly Lazy<CheckLoop> Instance = new(() => new CheckLoop());

    private readonly int _epoll;
    private readonly int _wake;
    private readonly object _gate = new();
    private readonly PriorityQueue<(LoopSocket Connection, int Generation), long> _deadlines = new();
    private List<(LoopTarget Target, IProbeCompletion Done)> _incoming = [];
    private List<(LoopTarget Target, IProbeCompletion Done)> _taking = [];
    private readonly List<(LoopTarget Target, IProbeCompletion Done, long Start, long Deadline)> _retries = [];
    private LoopSocket?[] _byFd = new LoopSocket?[1024];
    private readonly HalfOpenChecks _halfOpen;
    private bool _signalled;

    private CheckLoop()
    {
        _epoll = Sys.EpollCreate(0x80000);
        _wake = Sys.EventFd(0, 0x80000 | 0x800);
        if (_epoll < 0 || _wake < 0 || Sys.EpollAdd(_epoll, _wake, Sys.EpollIn) < 0)
        {
            throw new InvalidOperationException($"health check loop: epoll setup failed (errno {Sys.Errno})");
        }
        ReceiveBuffer = new byte[ReceiveSize];
        _halfOpen = new HalfOpenChecks(this);
        new Thread(Run) { IsBackground = true, Name = "fastlb-health-loop" }.Start();
    }

    public static CheckLoop Shared => Instance.Value;

    /// <summary>Where <see cref="Receive"/> puts what it read (loop thread only).</summary>
    public byte[] ReceiveBuffer { get; }

    /// <summary>Starts one check of <paramref name="target"/>; its verdict goes to <paramref name="done"/> from the loop's thread.</summary>
    public void Start(LoopTarget target, IProbeCompletion done)
    {
        bool signal;
        lock (_gate)
        {
            _incoming.Add((target, done));
            signal = !_signalled;
            _signalled = true;
        }
        if (signal)
        {
            ulong one = 1;
            Sys.Write(_wake, (byte*)&one, 8);
        }
    }

    /// <summary>One check of <paramref name="target"/> as a task (for callers of <see cref="IHealthProbe"/>).</summary>
    public Task<ProbeResult> RunAsync(CheckTarget target)
    {
        var done = new TaskCompletion();
        Start(LoopTarget.For(target), done);
        return done.Task;
    }

    /// <summary>recv into <see cref="ReceiveBuffer"/>: bytes read, 0 at the close, -errno on failure.</summary>
    public int Receive(int fd)
    {
        fixed (byte* p = ReceiveBuffer)
        {
            var n = Sys.Recv(fd, p, ReceiveSize, 0);
            return n >= 0 ? (int)n : -Sys.Errno;
        }
    }

    /// <summary>Looks at what waits on <paramref name="fd"/> without taking it: as <see cref="Receive"/>.</summary>
    public int Peek(int fd)
    {
        byte one;
        var n = Sys.Recv(fd, &one, 1, Sys.MsgPeek | Sys.MsgDontWait);
        return n >= 0 ? (int)n : -Sys.Errno;
    }

    /// <summary>Closes <paramref name="connection"/>'s socket, which also takes it out of the epoll set.</summary>
    public void Forget(LoopSocket connection)
    {
        if (_byFd[connection.Fd] == connection)
        {
            _byFd[connection.Fd] = null;
        }
        Sys.Close(connection.Fd);
    }

    /// <summary>Sets how long <paramref name="connection"/>, now idle, may wait for the next check.</summary>
    public void KeepIdle(LoopSocket connection) => SetDeadline(connection, Stopwatch.GetTimestamp() + (long)(IdleLimit.TotalSeconds * Stopwatch.Frequency));

    /// <summary>Calls <paramref name="entry"/>'s Expire at <paramref name="at"/> (a Stopwatch timestamp) unless its generation moved on.</summary>
    public void SetDeadline(LoopSocket entry, long at) => _deadlines.Enqueue((entry, entry.Generation), at);

    /// <summary>Adds <paramref name="socket"/>'s descriptor to the epoll set; -errno on failure.</summary>
    public int Watch(LoopSocket socket, uint events)
    {
        var fd = socket.Fd;
        if (fd >= _byFd.Length)
        {
            Array.Resize(ref _byFd, Math.Max(fd + 1, _byFd.Length * 2));
        }
        _byFd[fd] = socket;
        return Sys.EpollAdd(_epoll, fd, events) < 0 ? -Sys.Errno : 0;
    }

    /// <summary>A kept connection failed before answering: close it and run the same check on a new one.</summary>
    public void Retry(LoopConnection broken, IProbeCompletion done, long start, long deadline)
    {
        broken.Close();
        // Opened after this batch of events: a new socket may get the closed one's number, and an
        // event of the batch still meant for the old one must not reach it.
        _retries.Add((broken.Target, done, start, deadline));
    }

    private void Run()
    {
        var events = (byte*)NativeMemoryAlloc(MaxEvents * 16);
        while (true)
        {
            var n = Sys.EpollWait(_epoll, events, MaxEvents, WaitMs());
            for (var i = 0; i < n; i++)
            {
                var fd = Sys.EventFdOf(events, i);
                if (fd == _wake)
                {
                    ulong count;
                    Sys.Read(_wake, (byte*)&count, 8);
                    continue;
                }
                if (fd < _byFd.Length && _byFd[fd] is { } connection)
                {
                    Guard(connection, events, i);
                }
            }
            foreach (var (target, done, start, deadline) in _retries)
            {
                Guarded(target, done, start, deadline);
            }
            _retries.Clear();
            TakeIncoming();
            ExpireDue();
        }
    }

    private static void Guard(LoopSocket connection, byte* events, int i)
    {
        try
        {
            connection.OnEvent(Sys.EventMask(events, i));
        }
        catch (Exception e)
        {
            // A completion that threw must not stop every other check: fail this one alone.
            Trace.TraceError($"health check loop: {e}");
            connection.Fail(ProbeReasons.Error);
        }
    }

    private void TakeIncoming()
    {
        lock (_gate)
        {
            (_incoming, _taking) = (_taking, _incoming);
            _signalled = false;
        }
        foreach (var (target, done) in _taking)
        {
            var now = Stopwatch.GetTimestamp();
            Guarded(target, done, now, now + (long)(target.Timeout.TotalSeconds * Stopwatch.Frequency));
        }
        _taking.Clear();
    }

    /// <summary>Starts a check on the target's kept connection or a new one; one that cannot start fails alone.</summary>
    private void Guarded(LoopTarget target, IProbeCompletion done, long start, long deadline)
    {
        try
        {
            if (target.HalfOpen)
            {
                _halfOpen.Start(target, done, start, deadline);
            }
            else if (target.Idle is { } idle)
            {
                target.Idle = null;
                idle.Begin(done, start, deadline, reused: true);
                _deadlines.Enqueue((idle, idle.Generation), deadline);
                idle.Resume();
            }
            else
            {
                Open(target, done, start, deadline);
            }
        }
        catch (Exception e)
        {
            // Say, the target's namespace is gone: this check fails, the loop goes on.
            done.Completed(false, ProbeErrors.ReasonFor(e), Stopwatch.GetElapsedTime(start));
        }
    }

    private void Open(LoopTarget target, IProbeCompletion done, long start, long deadline)
    {
        var fd = target.OpenSocket();
        if (fd < 0)
        {
            done.Completed(false, ProbeErrors.ReasonForErrno(-fd), Stopwatch.GetElapsedTime(start));
            return;
        }
        var connection = new LoopConnection(this, target, fd);
        connection.Begin(done, start, deadline, reused: false);
        if (Watch(connection, Sys.EpollIn | Sys.EpollOut | Sys.EpollRdHup | Sys.EpollEt) is < 0 and var error)
        {
            connection.Fail(ProbeErrors.ReasonForErrno(-error));
            return;
        }
        _deadlines.Enqueue((connection, connection.Generation), deadline);
        int result;
        fixed (byte* address = target.Address)
        {
            result = Sys.Connect(fd, address, target.Address.Length);
        }
        if (result == 0)
        {
            connection.Connected();
        }
        else if (Sys.Errno is var errno && errno != Sys.EINPROGRESS)
        {
            connection.Fail(ProbeErrors.ReasonForErrno(errno));
        }
    }

    private void ExpireDue()
    {
        var now = Stopwatch.GetTimestamp();
        while (_deadlines.TryPeek(out var entry, out var at) && at <= now)
        {
            _deadlines.Dequeue();
            if (entry.Connection.Generation == entry.Generation)
            {
                try
                {
                    entry.Connection.Expire();
                }
                catch (Exception e)
                {
                    Trace.TraceError($"health check loop: {e}");
                    entry.Connection.Close();
                }
            }
        }
    }

    /// <summary>Milliseconds to the earliest deadline, rounded up; -1 when none.</summary>
    private int WaitMs()
    {
        if (_retries.Count > 0)
        {
            return 0; // a retry queued outside the event batch (by a check just handed over) waits for nothing
        }
        lock (_gate)
        {
            if (_incoming.Count > 0)
            {
                return 0;
            }
        }
        while (_deadlines.TryPeek(out var entry, out var at))
        {
            if (entry.Connection.Generation != entry.Generation)
            {
                _deadlines.Dequeue(); // outdated: its check ended
                continue;
            }
            var ticks = at - Stopwatch.GetTimestamp();
            return ticks <= 0 ? 0 : (int)Math.Min(int.MaxValue, ((ticks * 1000) + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
        }
        return -1;
    }

    private static void* NativeMemoryAlloc(int bytes) => System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)bytes);
}
