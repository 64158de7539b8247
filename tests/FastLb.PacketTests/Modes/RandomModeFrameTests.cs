using FastLb.PacketTests.Reference;
using Kind = FastLb.PacketTests.Reference.ModeReference.ForwardingModeKind;

namespace FastLb.PacketTests.Modes;

/// <summary>Random and mutated frames (fixed seed) of every mode, requests and replies, inline, through
/// the real program in the modes namespace; verdict, reason and whole output match <see cref="ModeReference"/>.</summary>
[Collection(ModesCollection.Name)]
public sealed class RandomModeFrameTests(ModesFixture fx)
{
    private const int Frames = 3000;

    private const string Yaml = """
        interface: o0
        services:
          - {name: r4, vip: 203.0.113.40, port: 80, reals: [{name: a, address: 192.0.2.11, mac: "02:00:00:00:00:11"}]}
          - {name: r4u, vip: 203.0.113.40, port: 53, protocol: udp, reals: [{name: a, address: 192.0.2.11, mac: "02:00:00:00:00:11"}]}
          - {name: t4, vip: 203.0.113.80, port: 80, reals: [{name: a, address: 192.0.2.11, mac: "02:00:00:00:00:11"}]}
          - {name: t4u, vip: 203.0.113.80, port: 53, protocol: udp, reals: [{name: a, address: 192.0.2.11, mac: "02:00:00:00:00:11"}]}
          - {name: d4, vip: 203.0.113.120, port: 80, reals: [{name: a, address: 192.0.2.11, mac: "02:00:00:00:00:11"}, {name: b, address: 192.0.2.13, mac: "02:00:00:00:00:13"}]}
          - {name: r6, vip: "2001:db8:3::40", port: 80, reals: [{name: a, address: "2001:db8:2::11", mac: "02:00:00:00:00:11"}]}
          - {name: t6, vip: "2001:db8:3::80", port: 80, reals: [{name: a, address: "2001:db8:2::11", mac: "02:00:00:00:00:11"}]}
        """;

    private static readonly ModeSpec[] Specs =
    [
        new("r4", ForwardingMode.Routed, RealPort: 8080), new("r4u", ForwardingMode.Routed, RealPort: 5353),
        new("t4", ForwardingMode.Transparent, RealPort: 8080), new("t4u", ForwardingMode.Transparent, RealPort: 5353),
        new("r6", ForwardingMode.Routed, RealPort: 8080), new("t6", ForwardingMode.Transparent, RealPort: 8080),
    ];

    // Requests (from outside) first: unmutated they open the flows the replies (from inside) belong to.
    private static readonly (byte[] Frame, bool Inside)[] Templates =
    [
        (ModeFrames.Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.40", 40000, 80), false),
        (ModeFrames.Udp(ClientMac, LbOut, "198.51.100.7", "203.0.113.40", 40000, 53), false),
        (ModeFrames.UdpNoChecksum(ClientMac, LbOut, "198.51.100.8", "203.0.113.40", 40001, 53), false),
        (ModeFrames.Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.80", 40000, 80), false),
        (ModeFrames.Udp(ClientMac, LbOut, "198.51.100.7", "203.0.113.80", 40000, 53), false),
        (ModeFrames.Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.120", 40000, 80), false),
        (ModeFrames.Tcp(ClientMac, LbOut, "2001:db8:1::7", "2001:db8:3::40", 40000, 80), false),
        (ModeFrames.Tcp(ClientMac, LbOut, "2001:db8:1::7", "2001:db8:3::80", 40000, 80), false),
        (Frame.Ethernet(ClientMac, LbOut).Vlan(5).IPv4("198.51.100.7", "203.0.113.40", options: [1, 1, 1, 0]).Tcp(40002, 80).Build(), false),
        (Frame.Ethernet(ClientMac, "ff:ff:ff:ff:ff:ff").Arp(1, MacAddress.Parse(ClientMac), IPAddress.Parse("198.51.100.7"), MacAddress.Parse("00:00:00:00:00:00"), IPAddress.Parse("203.0.113.80")).Build(), false),
        (ModeFrames.Tcp(RealMac, LbIn, "192.0.2.11", "198.51.100.7", 8080, 40000), true),
        (ModeFrames.Udp(RealMac, LbIn, "192.0.2.11", "198.51.100.7", 5353, 40000), true),
        (ModeFrames.UdpNoChecksum(RealMac, LbIn, "192.0.2.11", "198.51.100.8", 5353, 40001), true),
        (ModeFrames.Tcp(RealMac, ClientMac, "2001:db8:2::11", "2001:db8:1::7", 8080, 40000), true),
        (Frame.Ethernet(RealMac, LbIn).Vlan(5).IPv4("192.0.2.11", "198.51.100.7", options: [1, 1, 1, 0]).Tcp(8080, 40002).Build(), true),
    ];

    [RootFact]
    public void RandomAndMutatedFrames_EveryModeBothDirections_MatchTheReferenceModel()
    {
        Privileges.RequireRoot();
        using var plane = new TestPlane();
        plane.Apply(TestPlane.Config(Yaml, Specs));
        plane.Dp.Topology.Update(0u, Topology.Create(Mac(LbOut), fx.OutIfindex, Mac(LbIn), fx.InIfindex, TopologyFlags.None));
        fx.Ns.Namespace.Run(() =>
        {
            plane.Dp.Ports.Update((uint)Port.Outside, (uint)fx.OutIfindex);
            plane.Dp.Ports.Update((uint)Port.Inside, (uint)fx.InIfindex);
        });
        var model = Model(plane);
        var random = new Random(20261126);
        var byReason = new Dictionary<Reason, int>();

        for (var i = 0; i < Frames + Templates.Length; i++)
        {
            // The templates once, unmutated and in order; then random picks, mutated.
            var (template, inside) = i < Templates.Length ? Templates[i] : Templates[random.Next(Templates.Length)];
            var frame = i < Templates.Length ? template : FrameMutation.Mutate(random, template);
            var expected = model.Decide(frame, inside);
            var before = plane.Snapshot();

            var (verdict, output) = fx.Ns.Namespace.Run(() => plane.Run(frame, inside ? fx.InIfindex : fx.OutIfindex));

            var what = $"frame {i} ({(inside ? "inside" : "outside")}): {Convert.ToHexString(frame)}";
            Assert.True((uint)expected.Verdict == (uint)verdict, $"{what}: program said {verdict}, reference {expected.Reason}");
            Assert.True(plane.DeltaSince(before) is { Count: 1 } d && d.ContainsKey(expected.Reason),
                $"{what}: counted {string.Join(",", plane.DeltaSince(before).Keys)}, reference {expected.Reason}");
            Assert.True((expected.Output ?? frame).AsSpan().SequenceEqual(output), $"{what}: output {Convert.ToHexString(output)}");
            if (expected.Verdict == XdpVerdict.Drop && expected.Reason == Reason.DropMalformed)
            {
                Assert.Equal(frame, output); // malformed: never rewritten, never forwarded
            }
            byReason[expected.Reason] = byReason.GetValueOrDefault(expected.Reason) + 1;
        }

        foreach (var reason in new[] { Reason.TxForward, Reason.RedirectForward, Reason.RedirectReply, Reason.DropMalformed, Reason.PassNotVip, Reason.TxNeighReply })
        {
            Assert.True(byReason.GetValueOrDefault(reason) >= 20, $"{reason} occurred {byReason.GetValueOrDefault(reason)} times");
        }
    }

    // The namespace's FIB: clients and one-arm reals on o0, reals on i0; static neighbours only.
    private static ModeReference.Hop? Fib(IPAddress a)
    {
        var s = a.ToString();
        string? Neigh(params (string Addr, string Mac)[] known) => known.FirstOrDefault(k => k.Addr == s).Mac;
        var b = a.GetAddressBytes();
        if (b.Length == 4)
        {
            if (s is "198.51.100.1" or "192.0.2.1" or "192.0.2.65" || b[3] is 0 or 255 && b[0] == 198 || s.EndsWith(".63", StringComparison.Ordinal) || s.EndsWith(".127", StringComparison.Ordinal) && b[0] == 192)
            {
                return null; // local or broadcast: not forwarded
            }
            if (b[0] == 198 && b[1] == 51 && b[2] == 100)
            {
                return new(false, Neigh(("198.51.100.7", ClientMac), ("198.51.100.8", ClientMac)));
            }
            if (b[0] == 192 && b[1] == 0 && b[2] == 2 && b[3] < 64)
            {
                return new(true, Neigh(("192.0.2.11", RealMac), ("192.0.2.13", Real13Mac)));
            }
            if (b[0] == 192 && b[1] == 0 && b[2] == 2 && b[3] < 128)
            {
                return new(false, Neigh(("192.0.2.70", OneArmMac)));
            }
            return null;
        }
        if (s is "2001:db8:1::1" or "2001:db8:2::1")
        {
            return null;
        }
        if (s.StartsWith("2001:db8:1:", StringComparison.Ordinal) && b.AsSpan(6, 2).SequenceEqual(new byte[2]))
        {
            return new(false, Neigh(("2001:db8:1::7", ClientMac)));
        }
        if (s.StartsWith("2001:db8:2:", StringComparison.Ordinal) && b.AsSpan(6, 2).SequenceEqual(new byte[2]))
        {
            return new(true, Neigh(("2001:db8:2::11", RealMac)));
        }
        return null;
    }

    private static ModeReference Model(TestPlane plane)
    {
        var model = new ModeReference(new ModeReference.Ports(LbOut, LbIn, Fib));
        foreach (var service in plane.Plan.Services)
        {
            var c = service.Config;
            var kind = c.Mode switch { ForwardingMode.Routed => Kind.Routed, ForwardingMode.Transparent => Kind.Transparent, _ => Kind.DsrL2 };
            var s = service;
            model.AddService(c.Vip, c.Port, (byte)c.Protocol, new ModeReference.ModeService(kind, key =>
            {
                var hash = FlowHash.OfFlowKey(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref key, 1)));
                var real = s.Reals.Single(r => r.Index == s.Ring[hash % (uint)s.Ring.Length]).Real;
                return (real.Address, real.Port, MacAddress.Read(real.Mac!.GetAddressBytes()).ToString());
            }), c.AnswerArp);
        }
        return model;
    }
}
