using FastLb.Interop;
using FastLb.Interop.Bpf;

namespace FastLb.Bench;

/// <summary>
/// What a Linux user picks without XDP: the kernel forwards, and an nftables DNAT rule spreads new
/// flows over the three reals, by <c>numgen inc</c> (round robin) or by <c>jhash</c> of the
/// source. xdp_pass runs on the outside veth only so frames the generator sends there with
/// XDP_TX are delivered; everything else is the kernel's path (conntrack, NAT, routing).
/// Conntrack entries outlive the rule, so each run of it should use clients of its own.
/// </summary>
public sealed class NftBalancer : IDisposable
{
    private const string Table = "fastlb_bench";
    private readonly E2eLab _lab;

    /// <summary>xdp_pass and its attachment, detached first.</summary>
    private readonly Teardown _pass;

    private NftBalancer(E2eLab lab, Teardown pass)
    {
        _lab = lab;
        _pass = pass;
    }

    /// <summary>The DNAT expression picking a real: "numgen" or "jhash".</summary>
    public static NftBalancer Start(E2eLab lab, string pick)
    {
        var ns = lab.Balancer;
        lab.MakeBalancerARouter();
        var selector = pick switch
        {
            "numgen" => "numgen inc mod 3",
            "jhash" => "jhash ip saddr . udp sport mod 3",
            _ => throw new ArgumentException($"pick '{pick}': numgen or jhash", nameof(pick)),
        };
        var rules = $$"""
            table ip {{Table}} {
              chain pre {
                type nat hook prerouting priority dstnat; policy accept;
                ip daddr 203.0.113.10 udp dport 80 dnat to {{selector}} map { 0 : 192.0.2.11, 1 : 192.0.2.12, 2 : 192.0.2.13 }
              }
            }
            """;
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, rules + "\n");
            ns.Exec("nft", "-f", file);
        }
        finally
        {
            File.Delete(file);
        }
        var pass = BpfObject.Open(NativePaths.BpfObject("xdp_pass"));
        try
        {
            pass.Load();
            var attachment = ns.Namespace.Run(() => pass.Program("xdp_pass").AttachXdp(lab.OutsideIfindex));
            return new NftBalancer(lab, new Teardown(pass, attachment));
        }
        catch
        {
            pass.Dispose();
            ns.Exec("nft", "delete", "table", "ip", Table);
            throw;
        }
    }

    /// <summary>Conntrack entries in the balancer's namespace (flows the kernel is tracking).</summary>
    public int ConntrackEntries() =>
        int.Parse(_lab.Balancer.Exec("cat", "/proc/sys/net/netfilter/nf_conntrack_count").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _pass.Dispose();
        _lab.Balancer.Exec("nft", "delete", "table", "ip", Table);
    }
}
