namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// Idle timeouts by flow state on the data plane's clock (an entry's last-seen time moved back):
/// past its state's timeout plus its refresh period (a sixteenth of the timeout, at least 1 s) a
/// flow is new again (counted as a new flow, its old real released); within its timeout it keeps its
/// real. Defaults: SYN-only 10 s (+1 s), established 900 s (+56.25 s), closing 30 s (+1.875 s).
/// </summary>
public sealed class FlowTimeoutTests
{
    public static TheoryData<TcpFlags, int, bool> Cases => new()
    {
        { TcpFlags.Syn, 9, false },
        { TcpFlags.Syn, 12, true },
        { TcpFlags.Ack, 11, false },
        { TcpFlags.Ack, 899, false },
        { TcpFlags.Ack, 955, false },
        { TcpFlags.Ack, 957, true },
        { TcpFlags.Rst, 29, false },
        { TcpFlags.Rst, 33, true },
    };

    /// <summary>The data plane's tick clock (bpf/lib/clock.h) stamps a new flow with CLOCK_MONOTONIC
    /// within two seconds (about 0.25 s here): jiffies from where they start, times the kernel's tick.</summary>
    [RootFact]
    public void NewFlow_StampedWithMonotonicTime_WithinTwoSeconds()
    {
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1));
        var c = AlgoPlane.Client(5);
        var before = MonotonicNs();
        p.Send(c, 5200, TcpFlags.Ack);
        var after = MonotonicNs();
        var stamped = (long)p.FlowOf(c, 5200).RefreshedNs;

        Assert.InRange(stamped, before - 2_000_000_000L, after + 2_000_000_000L);
    }

    private static long MonotonicNs() => (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency));

    [RootTheory]
    [MemberData(nameof(Cases))]
    public void IdleFlow_PastItsStatesTimeout_IsNew_WithinIt_Kept(TcpFlags first, int idleSeconds, bool isNew)
    {
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1));
        var c = AlgoPlane.Client(4);
        var real = p.Send(c, 5000, first)!;
        var activeBefore = p.Active(real);
        p.Age(c, 5000, TimeSpan.FromSeconds(idleSeconds));

        var again = p.Send(c, 5000, TcpFlags.Ack)!;

        var flows = p.NewFlows("r1") + p.NewFlows("r2");
        Assert.Equal(isNew ? 2ul : 1ul, flows);
        Assert.Equal(isNew, again != real); // round robin: a new flow takes the other real
        if (isNew && first != TcpFlags.Rst)
        {
            Assert.Equal(activeBefore - 1, p.Active(real)); // released from its old real
        }
        // An ACK establishes a kept SYN-only flow and starts a new one established; a closing flow stays closing.
        Assert.Equal(first == TcpFlags.Rst && !isNew ? FlowState.Closing : FlowState.Established, p.FlowOf(c, 5000).State);
    }

    [RootTheory]
    [InlineData(1, false)]
    [InlineData(4, true)] // 2 s, plus the 1 s refresh period
    public void TimeoutsFromConfig_WrittenAtLoad_Apply(int idleSeconds, bool isNew)
    {
        var timeouts = new FastLb.Model.FlowTimeouts(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1), new FastLb.Reconciler.DataPlaneOptions(4096, timeouts));
        var c = AlgoPlane.Client(5);
        var real = p.Send(c, 5100, TcpFlags.Ack)!;
        p.Age(c, 5100, TimeSpan.FromSeconds(idleSeconds));

        Assert.Equal(isNew, p.Send(c, 5100, TcpFlags.Ack) != real);
        Assert.Equal(isNew ? 1ul : 0ul, p.Events(FlowEvent.Expired));
    }

    /// <summary>An established flow's last-seen time is rewritten once its refresh period (900 s / 16 =
    /// 56.25 s) has passed, not on every packet after a second: no write to its slot, and in the NAT
    /// modes no reverse-entry check, for a flow that sends often.</summary>
    [RootTheory]
    [InlineData(30, false)]
    [InlineData(60, true)]
    public void EstablishedFlow_LastSeenRewrittenOncePerSixteenthOfItsTimeout(int idleSeconds, bool rewritten)
    {
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1));
        var c = AlgoPlane.Client(6);
        var real = p.Send(c, 5300, TcpFlags.Ack)!;
        p.Age(c, 5300, TimeSpan.FromSeconds(idleSeconds));
        var aged = p.FlowOf(c, 5300).RefreshedNs;

        Assert.Equal(real, p.Send(c, 5300, TcpFlags.Ack));

        var after = p.FlowOf(c, 5300).RefreshedNs;
        if (rewritten)
        {
            Assert.InRange(after - aged, (ulong)(idleSeconds - 1) * 1_000_000_000, (ulong)(idleSeconds + 2) * 1_000_000_000);
        }
        else
        {
            Assert.Equal(aged, after);
        }
    }
}
