namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// A connection table of 4096 slots, sized at load: a SYN flood of ten times the table leaves 1000
/// established flows on their reals (a SYN-only flow never takes a live established flow's slot);
/// a flood of as many mid-flow packets (which may) evicts them, counted, so the table is bounded and
/// the rule is what protects them.
/// </summary>
public sealed class SynFloodTests
{
    private const int Table = 4096;
    private static readonly DataPlaneOptions Small = new(Table, FlowTimeouts.Default);

    [RootFact]
    public void SynFloodTenTimesTheTable_EstablishedFlowsKeepTheirReals()
    {
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1), Small);
        Assert.Equal(Table, p.Plane.Dp.Flows.MaxEntries);
        var established = Establish(p);

        Flood(p, TcpFlags.Syn);

        Assert.Equal(0ul, p.Events(FlowEvent.MissNotSyn));
        var newBefore = p.Events(FlowEvent.New) + p.Events(FlowEvent.NewSyn);
        foreach (var (client, port, real) in established)
        {
            Assert.Equal(real, p.Send(client, port, TcpFlags.Ack));
        }
        Assert.Equal(0ul, p.Events(FlowEvent.MissNotSyn));
        Assert.Equal(newBefore, p.Events(FlowEvent.New) + p.Events(FlowEvent.NewSyn));
        Assert.Equal(0ul, p.Events(FlowEvent.Evicted));
    }

    [RootFact]
    public void MidFlowFloodTenTimesTheTable_EvictsEstablishedFlows_Counted()
    {
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1), Small);
        var established = Establish(p);

        Flood(p, TcpFlags.Ack);
        var missBefore = p.Events(FlowEvent.MissNotSyn);
        foreach (var (client, port, _) in established)
        {
            p.Send(client, port, TcpFlags.Ack);
        }

        Assert.True(p.Events(FlowEvent.MissNotSyn) - missBefore >= 900, $"{p.Events(FlowEvent.MissNotSyn) - missBefore} of 1000 missed");
        Assert.True(p.Events(FlowEvent.Evicted) >= 900, $"{p.Events(FlowEvent.Evicted)} evicted");
    }

    // 1000 flows: SYN (a SYN-only entry), then ACK (established in its slot).
    private static List<(IPAddress Client, ushort Port, string Real)> Establish(AlgoPlane p)
    {
        var flows = new List<(IPAddress, ushort, string)>();
        for (var i = 0; i < 1000; i++)
        {
            var client = new IPAddress(new byte[] { 198, 51, 100, (byte)(1 + (i % 200)) });
            var port = (ushort)(10000 + i);
            var real = p.Send(client, port)!;
            Assert.Equal(real, p.Send(client, port, TcpFlags.Ack));
            flows.Add((client, port, real));
        }
        Assert.Equal(1000ul, p.Events(FlowEvent.Promoted));
        return flows;
    }

    // Ten times the table of distinct new flows, from other clients.
    private static void Flood(AlgoPlane p, TcpFlags flags)
    {
        for (var i = 0; i < 10 * Table; i++)
        {
            var client = new IPAddress(new byte[] { 198, 51, 100, (byte)(201 + (i / 60000)) });
            p.Send(client, (ushort)(1024 + (i % 60000)), flags);
        }
    }
}
