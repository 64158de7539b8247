// The reference balancer the tunnel rows are compared with does the work of its design: a frame to its
// VIP leaves IPIP-encapsulated, byte for byte, to the real its ring and then its connection table name;
// a SYN skips the table; anything else is passed or dropped untouched. A yardstick that cut corners
// would make FastLb look better than it is.
using System.Net;
using FastLb.Bench;
using FastLb.Interop.Bpf;
using FastLb.Testing;
using FastLb.Wire;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class ReferenceBalancerTests
{
    private static readonly MacAddress NextHop = MacAddress.Parse("02:00:00:00:00:fe");
    private static readonly IPAddress[] Reals = [IPAddress.Parse("192.0.2.200"), IPAddress.Parse("192.0.2.201")];

    private static ReferenceBalancer Load()
    {
        Privileges.RequireRoot();
        return ReferenceBalancer.Load(IPAddress.Parse("203.0.113.70"), 80, 6, Reals, NextHop);
    }

    private static byte[] Request(ushort sourcePort, TcpFlags flags = TcpFlags.Ack) =>
        Frame.Ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").IPv4("198.51.100.10", "203.0.113.70", dontFragment: true)
            .Tcp(sourcePort, 80, flags, payload: new byte[64]).Build();

    private static (XdpAction Action, byte[] Out) Run(ReferenceBalancer reference, byte[] frame)
    {
        var output = new byte[frame.Length + 64];
        var result = reference.Program.TestRun(frame, output);
        return (result.Verdict, output[..result.OutputLength]);
    }

    [RootFact]
    public void UnknownFlow_LeavesIpipEncapsulated_ExactBytes_AndItsNextPacketFindsTheTable()
    {
        using var reference = Load();
        var frame = Request(10000);

        var (action, output) = Run(reference, frame);

        Assert.Equal(XdpAction.Tx, action);
        Assert.Equal(frame.Length + 20, output.Length);
        // Ethernet: to the next hop, from the address the frame was sent to.
        Assert.Equal(NextHop.ToArray(), output[..6]);
        Assert.Equal(frame[..6], output[6..12]);
        Assert.Equal([0x08, 0x00], output[12..14]);
        // The outer header: IPIP, TTL 64, the inner length + 20, no fragment bits, a valid checksum;
        // source 198.51.100.x with x = the client address's last byte ^ its port's high byte.
        var outer = output[14..34];
        var real = new IPAddress(outer[16..20]);
        Assert.Contains(real, Reals);
        byte[] expected =
        [
            0x45, frame[15], (byte)((frame.Length - 14 + 20) >> 8), (byte)(frame.Length - 14 + 20), 0, 0, 0, 0, 64, 4, outer[10], outer[11],
            198, 51, 100, (byte)(10 ^ (10000 >> 8)), .. real.GetAddressBytes(),
        ];
        Assert.Equal(expected, outer);
        Assert.Equal(0, Checksums.Internet(outer));
        // The inner packet as it came.
        Assert.Equal(frame[14..], output[34..]);
        Assert.Equal(new ReferenceCounters(1, 1, 0, 1, 1), reference.Counters());

        var (again, secondOut) = Run(reference, frame);

        Assert.Equal(XdpAction.Tx, again);
        Assert.Equal(output, secondOut);
        Assert.Equal(new ReferenceCounters(2, 1, 0, 1, 2), reference.Counters());
    }

    [RootFact]
    public void Syn_SkipsTheTableLookup_SchedulesAnew()
    {
        using var reference = Load();
        Run(reference, Request(10000));

        var (action, _) = Run(reference, Request(10000, TcpFlags.Syn));

        Assert.Equal(XdpAction.Tx, action);
        Assert.Equal(new ReferenceCounters(2, 2, 1, 1, 2), reference.Counters());
    }

    [RootFact]
    public void ManyFlows_SpreadOverTheReals_EachKeepsItsReal()
    {
        using var reference = Load();
        IPAddress RealOf(ushort port) => new(Run(reference, Request(port)).Out[30..34]);

        var first = Enumerable.Range(0, 200).Select(i => RealOf((ushort)(20000 + i))).ToArray();
        var second = Enumerable.Range(0, 200).Select(i => RealOf((ushort)(20000 + i))).ToArray();

        Assert.Equal(first, second);
        Assert.All(Reals, r => Assert.InRange(first.Count(x => x.Equals(r)), 60, 140));
        Assert.Equal(new ReferenceCounters(400, 200, 0, 200, 400), reference.Counters());
    }

    [RootFact]
    public void NotItsVip_Passed_MalformedDropped_NothingCounted()
    {
        using var reference = Load();
        var otherPort = Frame.Ethernet("02:00:00:00:00:01", "02:00:00:00:00:02").IPv4("198.51.100.10", "203.0.113.70")
            .Tcp(10000, 81, TcpFlags.Ack).Build();
        var truncated = Request(10000)[..40];

        var (passed, passedOut) = Run(reference, otherPort);
        var (dropped, _) = Run(reference, truncated);

        Assert.Equal(XdpAction.Pass, passed);
        Assert.Equal(otherPort, passedOut);
        Assert.Equal(XdpAction.Drop, dropped);
        Assert.Equal(default, reference.Counters());
    }
}
