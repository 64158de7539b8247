using FastLb.Interop;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;

namespace FastLb.Bench;

/// <summary>The balancers a packet-rate row can put on the lab's outside veth, and the rows of a full run.</summary>
public static class E2eStages
{
    /// <summary>One UDP service (203.0.113.10:80) in dsr-l2 over three reals, on <paramref name="ifname"/>.</summary>
    public static string DsrL2UdpConfig(string ifname) => BenchPlane.DsrL2Config(ifname).Replace("    port: 80\n", "    port: 80\n    protocol: udp\n", StringComparison.Ordinal);

    /// <summary>The rows of a full run, dsr-l2 only: generators alone, the two XDP ceilings, fastlb, nftables.</summary>
    public static IReadOnlyList<E2eScenario> DsrL2() =>
    [
        new("generator alone: live frames into a counting XDP program", E2eGenerator.LiveFrames, "198.51.100.10", GeneratorAlone),
        new("generator alone: AF_XDP (copy mode) into a counting XDP program", E2eGenerator.AfXdp, "198.51.100.10", GeneratorAlone),
        new("ceiling: XDP_TX only (one-arm)", E2eGenerator.LiveFrames, "198.51.100.10", XdpTxOnly),
        new("ceiling: redirect only (to the reals' veth)", E2eGenerator.LiveFrames, "198.51.100.10", RedirectOnly),
        new("fastlb dsr-l2 (one-arm, XDP_TX)", E2eGenerator.LiveFrames, "198.51.100.10", lab => FastLb(lab, DsrL2UdpConfig(lab.OutsideInterface), "generator's veth", Reason.TxForward)),
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
    public static E2eStage FastLb(E2eLab lab, string config, string countedAt, Reason path)
    {
        var dp = BenchPlane.Load(config, lab.OutsideIfindex);
        try
        {
            dp.Attach(lab.OutsideInterface, lab.Balancer.Namespace);
            var sink = countedAt == "reals' veth" ? lab.RealsSink : lab.GeneratorSink;
            return new E2eStage(countedAt, () => E2eLab.SinkPackets(sink), dp, dp, path);
        }
        catch
        {
            dp.Dispose();
            throw;
        }
    }

    /// <summary>The kernel forwarding with an nftables DNAT balancer (<paramref name="pick"/>: numgen or jhash).</summary>
    public static E2eStage Nft(E2eLab lab, string pick)
    {
        var nft = NftBalancer.Start(lab, pick);
        return new E2eStage("reals' veth", () => E2eLab.SinkPackets(lab.RealsSink), nft);
    }
}
