// The L3 DSR bench run is well formed: every row, each fastlb row's path proven by the program's
// counters (every packet tunnelled). Never how fast.
using FastLb.Bench;
using FastLb.Testing;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class EncapBenchSmokeTests
{
    private const int Packets = 200;

    [RootFact]
    public void XdpEncapBench_SmokeRun_EveryRowPresentAndEveryPacketTunnelled()
    {
        Privileges.RequireRoot();

        var rows = XdpEncapBench.Run(Packets);

        Assert.Equal(
            [
                "baseline: XDP_TX only", "baseline: MAC swap + XDP_TX", "fastlb: L2 DSR, established", "fastlb: L2 DSR, new flow",
                "fastlb: dsr-ipip IPv4, established", "fastlb: dsr-ipip IPv4, new flow", "fastlb: dsr-gue IPv4, established",
                "fastlb: dsr-gue IPv4, new flow", "fastlb: dsr-ipip IPv6, established", "fastlb: dsr-gue IPv6, established",
                "fastlb: dsr-gue IPv6, new flow",
            ],
            rows.Select(r => r.Name));
        Assert.Equal([null, null, .. Enumerable.Repeat<bool?>(true, 9)], rows.Select(r => r.PathHeld));
        Assert.All(rows.Skip(2), r => Assert.Equal((ulong)Packets, r.PathHits));
        Assert.All(rows, r => Assert.InRange(r.MedianNs, r.MinNs, r.MaxNs));
    }
}
