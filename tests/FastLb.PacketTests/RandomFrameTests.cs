using FastLb.PacketTests.Reference;

namespace FastLb.PacketTests;

/// <summary>Random and mutated frames (fixed seed) through the real program, each compared with the C# reference model.</summary>
public sealed class RandomFrameTests(DataPlaneFixture fx) : IClassFixture<DataPlaneFixture>
{
    private const string Lb = DataPlaneFixture.LbMac;
    private const string Client = DataPlaneFixture.ClientMac;
    private const int Frames = 4000;
    private static readonly IPAddress ClientIp = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress ClientIp6 = IPAddress.Parse("2001:db8:1::7");
    private static readonly IPAddress Vip6 = IPAddress.Parse("2001:db8:3::10");

    // Valid frames the mutations start from: VIP hits of every kind, an empty service, and misses.
    private static readonly byte[][] Templates =
    [
        Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(40000, 80, TcpFlags.Ack, payload: new byte[24]).Build(),
        Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip, options: [1, 1, 1, 0]).Tcp(40000, 80, options: [2, 4, 5, 180]).Build(),
        Frame.Ethernet(Client, Lb).Vlan(5).IPv4(ClientIp, Vip).Tcp(40000, 80).Build(),
        Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Udp(40000, 53, new byte[12]).Build(),
        Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).Tcp(40000, 80, payload: new byte[8]).Build(),
        Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).HopByHop().Routing(16).Tcp(40000, 80).Build(),
        Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).Fragment().Udp(40000, 80).Build(),
        Frame.Ethernet(Client, Lb).IPv4(ClientIp, IPAddress.Parse("203.0.113.20")).Tcp(40000, 80).Build(),
        Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Icmp(payload: new byte[8]).Build(),
    ];

    [RootFact]
    public void RandomAndMutatedFrames_FixedSeed_EveryVerdictAndReasonMatchTheReferenceModel()
    {
        Privileges.RequireRoot();
        fx.ClearFlows();
        var random = new Random(20261125);
        var byReason = new Dictionary<Reason, int>();
        for (var i = 0; i < Frames; i++)
        {
            var frame = FrameMutation.Mutate(random, Templates[random.Next(Templates.Length)]);
            var expected = XdpReference.Decide(frame, Outcome);
            var before = fx.Snapshot();

            var (verdict, output) = fx.Run(frame);

            var what = $"frame {i}: {Convert.ToHexString(frame)}";
            Assert.True((uint)expected.Verdict == (uint)verdict, $"{what}: program said {verdict}, reference {expected.Reason}");
            Assert.True(fx.DeltaSince(before) is { Count: 1 } d && d.ContainsKey(expected.Reason),
                $"{what}: counted {string.Join(",", fx.DeltaSince(before).Keys)}, reference {expected.Reason}");
            if (verdict == XdpAction.Tx)
            {
                // Only the two MACs change, and the destination is the reference model's real.
                var rewritten = (byte[])frame.Clone();
                MacAddress.Parse(DataPlaneFixture.MacOf(fx.ExpectedReal(expected.Key!.Value))).WriteTo(rewritten);
                MacAddress.Parse(Lb).WriteTo(rewritten.AsSpan(6));
                Assert.Equal(rewritten, output);
            }
            else
            {
                Assert.Equal(frame, output);
            }
            byReason[expected.Reason] = byReason.GetValueOrDefault(expected.Reason) + 1;
        }

        // The mix is wide enough to mean something: every parse outcome occurs many times.
        foreach (var reason in new[] { Reason.TxForward, Reason.DropMalformed, Reason.PassNotVip, Reason.PassNotIp, Reason.PassFragment, Reason.PassNotL4, Reason.DropNoReal })
        {
            Assert.True(byReason.GetValueOrDefault(reason) >= 20, $"{reason} occurred {byReason.GetValueOrDefault(reason)} times");
        }
    }

    [Fact]
    public void Reference_TemplatesUnmutated_DecideAsTheirKind()
    {
        Assert.Equal(
            [Reason.TxForward, Reason.TxForward, Reason.TxForward, Reason.TxForward, Reason.TxForward, Reason.TxForward,
             Reason.PassFragment, Reason.DropNoReal, Reason.PassNotL4],
            Templates.Select(t => XdpReference.Decide(t, StaticOutcome).Reason));
    }

    [Fact]
    public void Reference_EachHeaderCutShort_IsMalformed()
    {
        var tcp = Templates[0];
        foreach (var cut in new[] { 13, 14 + 19, 14 + 20 + 19 })
        {
            var frame = FrameCorruption.Truncate(tcp, cut);
            if (cut > 34)
            {
                frame = FrameCorruption.Truncate(FrameCorruption.SetTotalLength(tcp, (ushort)(cut - 14)), cut);
            }
            Assert.Equal(Reason.DropMalformed, XdpReference.Decide(frame, StaticOutcome).Reason);
        }
    }

    private Reason? Outcome(FlowKey key) =>
        fx.ServiceFor(key) is { } service ? (service.AllDown ? Reason.DropNoReal : Reason.TxForward) : null;

    // Without the maps: the fixture's services by VIP key (203.0.113.20 has no eligible real).
    private static Reason? StaticOutcome(FlowKey key) => (key.Destination.ToString(), key.DestinationPort, key.Proto) switch
    {
        ("203.0.113.10", 80, 6) or ("203.0.113.10", 53, 17) or ("2001:db8:3::10", 80, 6) => Reason.TxForward,
        ("203.0.113.20", 80, 6) => Reason.DropNoReal,
        _ => null,
    };
}
