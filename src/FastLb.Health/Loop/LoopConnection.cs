// One socket of the check loop and the check it carries: connect, send the request, read the answer, keep or close.
using System.Diagnostics;
using FastLb.Health.Http;

namespace FastLb.Health.Loop;

/// <summary>
/// Driven only from the loop's thread by edge-triggered epoll events. A tcp check ends at the
/// connect; an http check sends its prepared request and feeds the answer to its parser, reports
/// the verdict as soon as it is known and, when the connection is kept, reads the answer to its
/// end and waits idle for the target's next check. Any failure, a timeout, an answer with
/// Connection: close or bytes arriving while idle close the socket; a kept connection that fails
/// before the first byte of its answer (the server closed it meanwhile) is replaced by a new one
/// for the same check.
/// </summary>
internal sealed class LoopConnection : LoopSocket
{
    private readonly CheckLoop _loop;
    private readonly HttpResponseParser? _parser;
    private IProbeCompletion? _done;
    private long _start;
    private int _sent;
    private bool _reused;
    private bool _answered;
    private int _generation;

    public LoopConnection(CheckLoop loop, LoopTarget target, int fd)
    {
        _loop = loop;
        Target = target;
        Fd = fd;
        _parser = target.Http is null ? null : new HttpResponseParser();
    }

    private enum Phase { Connecting, Sending, Reading, Draining, Idle, Closed }

    public LoopTarget Target { get; }

    public override int Fd { get; }

    /// <summary>Bumped whenever a deadline set earlier stops applying (check over, connection idle or closed).</summary>
    public override int Generation => _generation;

    public long Deadline { get; private set; }

    private Phase State { get; set; } = Phase.Connecting;

    /// <summary>Starts a check on this connection: new (connect pending) or reused (idle, connected; then <see cref="Resume"/>).</summary>
    public void Begin(IProbeCompletion done, long start, long deadline, bool reused)
    {
        _done = done;
        _start = start;
        _reused = reused;
        _answered = false;
        _sent = 0;
        Deadline = deadline;
        _generation++;
        _parser?.Reset(Target.Http!, Target.Http!.KeepsConnection);
    }

    /// <summary>Sends the request of a check begun on a kept connection (after its deadline is set).</summary>
    public void Resume() => Send();

    /// <summary>The socket's state changed (edge-triggered): carry the check on as far as it goes.</summary>
    public override unsafe void OnEvent(uint events)
    {
        switch (State)
        {
            case Phase.Idle:
                // An edge queued before the answer was read can still come: only a close or bytes unasked end it.
                if ((events & (Sys.EpollRdHup | Sys.EpollHup | Sys.EpollErr)) != 0 || _loop.Peek(Fd) != -Sys.EAGAIN)
                {
                    Close();
                }
                return;
            case Phase.Connecting:
                if ((events & (Sys.EpollOut | Sys.EpollErr | Sys.EpollHup)) == 0)
                {
                    return;
                }
                int error = 0, length = sizeof(int);
                if (Sys.GetSockOpt(Fd, Sys.SolSocket, Sys.SoError, &error, &length) < 0)
                {
                    error = Sys.Errno;
                }
                if (error != 0)
                {
                    Fail(ProbeErrors.ReasonForErrno(error));
                    return;
                }
                Connected();
                return;
            case Phase.Sending:
                Send();
                return;
            case Phase.Reading:
            case Phase.Draining:
                Receive();
                return;
        }
    }

    /// <summary>The connect finished at once or after an event.</summary>
    public void Connected()
    {
        if (_parser is null)
        {
            // A connect check: done. A plain close sends FIN, so the real sees an orderly end.
            Report(true, ProbeReasons.Ok);
            Close();
            return;
        }
        Send();
    }

    /// <summary>The deadline passed: the check times out (or an idle connection has waited long enough).</summary>
    public override void Expire()
    {
        if (State != Phase.Idle && _done is not null)
        {
            Report(false, ProbeReasons.Timeout);
        }
        Close();
    }

    public override void Fail(string reason)
    {
        Report(false, reason);
        Close();
    }

    public override void Close()
    {
        if (State == Phase.Closed)
        {
            return;
        }
        State = Phase.Closed;
        _generation++;
        if (Target.Idle == this)
        {
            Target.Idle = null;
        }
        _parser?.Release();
        _loop.Forget(this);
    }

    private unsafe void Send()
    {
        State = Phase.Sending;
        var request = Target.Http!.Request;
        while (_sent < request.Length)
        {
            nint n;
            fixed (byte* p = request)
            {
                n = Sys.Send(Fd, p + _sent, request.Length - _sent, Sys.MsgNoSignal);
            }
            if (n >= 0)
            {
                _sent += (int)n;
                continue;
            }
            var errno = Sys.Errno;
            if (errno == Sys.EAGAIN)
            {
                return; // the next writable edge carries on
            }
            if (errno != Sys.EINTR)
            {
                Broken(ProbeErrors.ReasonForErrno(errno));
                return;
            }
        }
        State = Phase.Reading;
        // The answer may already be waiting: its edge came while the request was still being sent.
        Receive();
    }

    private void Receive()
    {
        var buffer = _loop.ReceiveBuffer;
        while (true)
        {
            var n = _loop.Receive(Fd);
            if (n > 0)
            {
                _answered = true;
                _parser!.Feed(buffer.AsSpan(0, n));
                if (Settle())
                {
                    return;
                }
                continue;
            }
            if (n == 0)
            {
                if (_reused && !_answered)
                {
                    _loop.Retry(this, _done!, _start, Deadline);
                    return;
                }
                _parser!.Closed();
                Settle();
                Close();
                return;
            }
            if (-n == Sys.EAGAIN)
            {
                return;
            }
            if (-n != Sys.EINTR)
            {
                Broken(ProbeErrors.ReasonForErrno(-n));
                return;
            }
        }
    }

    /// <summary>Reports a verdict as soon as there is one; true when nothing more is read from the socket.</summary>
    private bool Settle()
    {
        var parser = _parser!;
        if (parser.Verdict is { } verdict && _done is not null)
        {
            Report(verdict == ProbeReasons.Ok, verdict);
        }
        if (!parser.Finished)
        {
            if (_done is null)
            {
                State = Phase.Draining;
            }
            return false;
        }
        if (parser.Reusable && Target.Http!.KeepsConnection && Target.Idle is null && State != Phase.Closed)
        {
            State = Phase.Idle;
            _generation++;
            parser.Release();
            Target.Idle = this;
            _loop.KeepIdle(this);
        }
        else
        {
            Close();
        }
        return true;
    }

    /// <summary>A socket error mid-check: a kept connection that had not answered yet is replaced, else the check fails.</summary>
    private void Broken(string reason)
    {
        if (_reused && !_answered && _done is not null)
        {
            _loop.Retry(this, _done, _start, Deadline);
            return;
        }
        if (_done is not null)
        {
            Report(false, reason);
        }
        Close();
    }

    private void Report(bool healthy, string reason)
    {
        var done = _done;
        _done = null;
        done?.Completed(healthy, reason, Stopwatch.GetElapsedTime(_start));
    }
}
