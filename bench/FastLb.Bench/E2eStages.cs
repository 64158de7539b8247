using System.Net;
using FastLb.Interop;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Model;
using FastLb.Wire;

namespace FastLb.Bench;

/// <summary>The balancers a packet-rate row can put on the lab's outside veth, and the rows of a full run.</summary>
public static class E2eStages
{
    /// <summary>One UDP service (203.0.113.10:80) in dsr-l2 over three reals, on <paramref name="ifname"/>.</summary>
    public static string DsrL2UdpConfig(string ifname) => BenchPlane.DsrL2Config(ifname).Replace("    port: 80\n", "    port: 80\n    protocol: udp\n", StringComparison.Ordinal);

    /// <summary>A connection table of 65,536 slots: 6.5 × the bench's flows (the docs advise at least 2 ×).</summary>
    public const string SizedTable = "flow-table-size: 65536\n";

    /// <summary>One UDP service (203.0.113.10:80) with one real, 192.0.2.11:8080, for the NAT modes.</summary>
    public const string NatUdpConfig = """
        interface: l0
        services:
          - name: nat
            vip: 203.0.113.10
            port: 80
            protocol: udp
            reals:
              - {name: r1, address: 192.0.2.11, port: 80, mac: "02:00:00:00:00:11"}
        """;

    /// <summary>Every row of a full run: dsr-l2 first, then routed and transparent requests and replies.</summary>
    public static IReadOnlyList<E2eScenario> All() =>
    [
        .. DsrL2(),
        new("fastlb routed, requests (inline: redirect to the reals' veth)", E2eGenerator.LiveFrames, "198.51.100.10", lab => Inline(lab, ForwardingMode.Routed, reply: false)),
        new("fastlb routed, replies (inline: redirect to the generator's veth)", E2eGenerator.LiveFrames, "198.51.100.10", lab => Inline(lab, ForwardingMode.Routed, reply: true), Reply: true),
        new("fastlb transparent, requests (inline)", E2eGenerator.LiveFrames, "198.51.100.10", lab => Inline(lab, ForwardingMode.Transparent, reply: false)),
        new("fastlb transparent, replies (inline)", E2eGenerator.LiveFrames, "198.51.100.10", lab => Inline(lab, ForwardingMode.Transparent, reply: true), Reply: true),
        new("fastlb dsr-ipip (one-arm: tunnelled back out to the router)", E2eGenerator.LiveFrames, "198.51.100.10", lab => Tunnel(lab, ForwardingMode.DsrIpip)),
        new(Reference + " (one-arm: tunnelled back out to the router)", E2eGenerator.LiveFrames, "198.51.100.10", ReferenceIpip),
        new("fastlb dsr-gue (one-arm: tunnelled back out to the router)", E2eGenerator.LiveFrames, "198.51.100.10", lab => Tunnel(lab, ForwardingMode.DsrGue)),
    ];

    /// <summary>The reference balancer's row name, up to its topology.</summary>
    public const string Reference = "reference ipip balancer";

    /// <summary>The rows whose name starts with one of <paramref name="prefixes"/> (comma-separated), every row when null.</summary>
    public static IReadOnlyList<E2eScenario> Select(string? prefixes) => BenchRows.Select(All(), s => s.Name, prefixes);

    /// <summary>The rows of dsr-l2: generators alone, the two XDP ceilings, fastlb, nftables.</summary>
    public static IReadOnlyList<E2eScenario> DsrL2() =>
    [
        new("generator alone: live frames into a counting XDP program", E2eGenerator.LiveFrames, "198.51.100.10", GeneratorAlone),
        new("generator alone: AF_XDP (copy mode) into a counting XDP program", E2eGenerator.AfXdp, "198.51.100.10", GeneratorAlone),
        new("ceiling: XDP_TX only (one-arm)", E2eGenerator.LiveFrames, "198.51.100.10", XdpTxOnly),
        new("ceiling: redirect only (to the reals' veth)", E2eGenerator.LiveFrames, "198.51.100.10", RedirectOnly),
        new("fastlb dsr-l2 (one-arm, XDP_TX)", E2eGenerator.LiveFrames, "198.51.100.10", lab => FastLb(lab, DsrL2UdpConfig(lab.OutsideInterface), "generator's veth", Reason.TxForward)),
        // The default table (4 Mi slots, 256 MiB) keeps most of the 10,000 flows in its near buckets
        // (its first 4 MiB, 1,024 pages); a table sized for them is 4 MiB in all.
        new("fastlb dsr-l2 (one-arm, XDP_TX), flow-table-size 65536", E2eGenerator.LiveFrames, "198.51.100.10", lab => FastLb(lab, SizedTable + DsrL2UdpConfig(lab.OutsideInterface), "generator's veth", Reason.TxForward)),
        // The same service stateless: placed by its ring alone, no connection-table line per packet.
        new("fastlb dsr-l2 (one-arm, XDP_TX), stateless", E2eGenerator.LiveFrames, "198.51.100.10", lab => FastLb(lab, BenchPlane.Stateless(DsrL2UdpConfig(lab.OutsideInterface)), "generator's veth", Reason.TxForward)),
        new("fastlb dsr-l2, driven by AF_XDP", E2eGenerator.AfXdp, "198.51.100.10", lab => FastLb(lab, DsrL2UdpConfig(lab.OutsideInterface), "generator's veth", Reason.TxForward)),
        new("nftables DNAT, numgen inc mod 3", E2eGenerator.LiveFrames, "198.51.100.11", lab => Nft(lab, "numgen")),
        new("nftables DNAT, jhash mod 3", E2eGenerator.LiveFrames, "198.51.100.12", lab => Nft(lab, "jhash")),
    ];

    /// <summary>A counting program right on the balancer's veth: the generator's own rate.</summary>
    public static E2eStage GeneratorAlone(E2eLab lab)
    {
        var sink = E2eLab.LoadSink();
        try
        {
            var attachment = lab.Balancer.Namespace.Run(() => sink.Program("bench_sink").AttachXdp(lab.OutsideIfindex));
            return new E2eStage("balancer's veth", () => E2eLab.SinkPackets(sink), new Teardown(sink, attachment));
        }
        catch
        {
            sink.Dispose();
            throw;
        }
    }

    /// <summary>xdp_tx_only on the balancer's veth: every frame straight back to the generator.</summary>
    public static E2eStage XdpTxOnly(E2eLab lab)
    {
        var tx = BpfObject.Open(NativePaths.BpfObject("xdp_tx"));
        try
        {
            tx.Load();
            var attachment = lab.Balancer.Namespace.Run(() => tx.Program("xdp_tx_only").AttachXdp(lab.OutsideIfindex));
            return new E2eStage("generator's veth", () => E2eLab.SinkPackets(lab.GeneratorSink), new Teardown(tx, attachment));
        }
        catch
        {
            tx.Dispose();
            throw;
        }
    }

    /// <summary>bench_redirect on the balancer's veth: every frame redirected to the reals' side.</summary>
    public static E2eStage RedirectOnly(E2eLab lab)
    {
        var redirect = BpfObject.Open(NativePaths.BpfObject("bench_redirect"));
        try
        {
            redirect.Load();
            // The kernel resolves a DEVMAP's ifindex in the updating thread's namespace.
            lab.Balancer.Namespace.Run(() => redirect.Map("bench_redirect_port").Update(0u, (uint)lab.InsideIfindex));
            var attachment = lab.Balancer.Namespace.Run(() => redirect.Program("bench_redirect").AttachXdp(lab.OutsideIfindex));
            return new E2eStage("reals' veth", () => E2eLab.SinkPackets(lab.RealsSink), new Teardown(redirect, attachment));
        }
        catch
        {
            redirect.Dispose();
            throw;
        }
    }

    /// <summary>fastlb with <paramref name="config"/> attached to the balancer's outside veth.</summary>
    public static E2eStage FastLb(E2eLab lab, string config, string countedAt, Reason path, ForwardingMode mode = ForwardingMode.DsrL2)
    {
        var dp = BenchPlane.Load(config, lab.OutsideIfindex, mode);
        try
        {
            void Attach() => dp.Attach(lab.OutsideInterface, lab.Balancer.Namespace);
            Attach();
            var sink = countedAt == "reals' veth" ? lab.RealsSink : lab.GeneratorSink;
            return new E2eStage(countedAt, () => E2eLab.SinkPackets(sink), dp, E2ePath.Of(dp, path), new E2eStage.Swap(dp.Detach, Attach));
        }
        catch
        {
            dp.Dispose();
            throw;
        }
    }

    /// <summary>
    /// fastlb inline in <paramref name="mode"/>: attached to both of the balancer's veths, requests
    /// redirected to the reals' side, replies (un-NATed) to the generator's side.
    /// </summary>
    public static E2eStage Inline(E2eLab lab, ForwardingMode mode, bool reply)
    {
        lab.MakeBalancerARouter();
        var dp = BenchPlane.Load(NatUdpConfig, lab.OutsideIfindex, mode, 8080);
        try
        {
            void Attach() => dp.Attach(lab.OutsideInterface, lab.Balancer.Namespace, insideIfname: lab.InsideInterface);
            Attach();
            var sink = reply ? lab.GeneratorSink : lab.RealsSink;
            return new E2eStage(reply ? "generator's veth" : "reals' veth", () => E2eLab.SinkPackets(sink), dp,
                E2ePath.Of(dp, reply ? Reason.RedirectReply : Reason.RedirectForward), new E2eStage.Swap(dp.Detach, Attach));
        }
        catch
        {
            dp.Dispose();
            throw;
        }
    }

    /// <summary>
    /// fastlb in L3 DSR (<paramref name="mode"/>: dsr-ipip or dsr-gue), one-arm: the real sits behind
    /// a router on the outside (bpf_fib_lookup answers), so every tunnelled frame goes back out of
    /// the outside veth (XDP_TX) and is counted at the generator's.
    /// </summary>
    public static E2eStage Tunnel(E2eLab lab, ForwardingMode mode)
    {
        lab.MakeBalancerARouter();
        lab.Balancer.Ip("route", "replace", NatNamespace.TunnelRealPrefix, "via", "198.51.100.254", "dev", lab.OutsideInterface);
        lab.Balancer.Ip("neigh", "replace", "198.51.100.254", "lladdr", NatNamespace.RouterMac, "dev", lab.OutsideInterface, "nud", "permanent");
        return FastLb(lab, BenchPlane.TunnelConfig("l0", "203.0.113.10", "udp"), "generator's veth", Reason.TxForward, mode);
    }

    /// <summary>
    /// The reference balancer (<see cref="ReferenceBalancer"/>) where fastlb dsr-ipip runs, on the same
    /// VIP and real: every frame tunnelled back out of the outside veth (XDP_TX) to the router's MAC,
    /// counted at the generator's.
    /// </summary>
    public static E2eStage ReferenceIpip(E2eLab lab)
    {
        // The VIP, port, protocol and real of Tunnel's service (BenchPlane.TunnelConfig over UDP).
        var reference = ReferenceBalancer.Load(IPAddress.Parse("203.0.113.10"), 80, 17, [IPAddress.Parse("192.0.2.200")], MacAddress.Parse(NatNamespace.RouterMac));
        try
        {
            var attachment = new XdpSlot(() => lab.Balancer.Namespace.Run(() => reference.Program.AttachXdp(lab.OutsideIfindex)));
            return new E2eStage("generator's veth", () => E2eLab.SinkPackets(lab.GeneratorSink), new Teardown(reference, attachment), E2ePath.Of(reference),
                new E2eStage.Swap(attachment.Off, attachment.On));
        }
        catch
        {
            reference.Dispose();
            throw;
        }
    }

    /// <summary>A program's attachment that can be taken off and made again: attached when made.</summary>
    private sealed class XdpSlot : IDisposable
    {
        private readonly Func<XdpAttachment> _attach;
        private XdpAttachment? _attachment;

        public XdpSlot(Func<XdpAttachment> attach)
        {
            _attach = attach;
            _attachment = attach();
        }

        public void Off()
        {
            _attachment?.Dispose();
            _attachment = null;
        }

        public void On() => _attachment ??= _attach();

        public void Dispose() => Off();
    }

    /// <summary>The kernel forwarding with an nftables DNAT balancer (<paramref name="pick"/>: numgen or jhash).</summary>
    public static E2eStage Nft(E2eLab lab, string pick)
    {
        var nft = NftBalancer.Start(lab, pick);
        return new E2eStage("reals' veth", () => E2eLab.SinkPackets(lab.RealsSink), nft);
    }
}
