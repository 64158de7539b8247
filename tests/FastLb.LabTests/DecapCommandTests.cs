// `fastlb decap attach/detach` on a real veth in a namespace: the pinned program outlives the command,
// detach removes it, and bad input gets a clear error without touching anything.
using FastLb.Host;
using static FastLb.LabTests.AdminTestTools;

namespace FastLb.LabTests;

public sealed class DecapCommandTests
{
    [RootFact]
    public async Task AttachThenDetach_PinnedUntilDetached_SecondAttachAndSecondDetachRefused()
    {
        Privileges.RequireRoot();
        using var pair = NamespacePair.Create();
        var ns = pair.Second.Name;
        var ifname = pair.SecondInterface;
        var dir = Decapsulator.PinDirectory(ifname, ns);
        pair.Second.Ip("addr", "add", "203.0.113.10/32", "dev", "lo");
        pair.Second.Ip("-6", "addr", "add", "2001:db8:3::10/128", "dev", "lo", "nodad");
        try
        {
            var (exit, stdout, stderr) = await RunCli("decap", "attach", "--interface", ifname, "--namespace", ns, "--vip", "203.0.113.10", "2001:db8:3::10");
            Assert.Equal(("", 0), (stderr, exit));
            Assert.Equal($"decapsulator attached to {ifname} in namespace '{ns}' for 203.0.113.10, 2001:db8:3::10 (GUE port 6080); pinned at {dir}\n", stdout);
            // The command has exited its program object; the pin keeps the program on the interface.
            Assert.Equal(["fastlb_decap_config", "fastlb_decap_stats", "fastlb_decap_vips", "link"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order().ToArray());
            Assert.Contains("fastlb_decap", pair.Second.Ip("-d", "link", "show", "dev", ifname), StringComparison.Ordinal);

            (exit, _, stderr) = await RunCli("decap", "attach", "--interface", ifname, "--namespace", ns, "--vip", "203.0.113.10");
            Assert.Equal(1, exit);
            Assert.Equal($"fastlb decap attach: a decapsulator is already attached to '{ifname}' in namespace '{ns}' (pinned at {dir}): detach it first\n", stderr);

            (exit, stdout, stderr) = await RunCli("decap", "detach", "--interface", ifname, "--namespace", ns);
            Assert.Equal(("", 0), (stderr, exit));
            Assert.Equal($"decapsulator detached from {ifname} in namespace '{ns}'\n", stdout);
            Assert.False(Directory.Exists(dir));
            Assert.DoesNotContain("fastlb_decap", pair.Second.Ip("-d", "link", "show", "dev", ifname), StringComparison.Ordinal);

            (exit, _, stderr) = await RunCli("decap", "detach", "--interface", ifname, "--namespace", ns);
            Assert.Equal(1, exit);
            Assert.Equal($"fastlb decap detach: no decapsulator is attached to '{ifname}' in namespace '{ns}' (nothing pinned at {dir})\n", stderr);
        }
        finally
        {
            Decapsulator.DetachPinned(ifname, ns);
        }
    }

    [RootFact]
    public async Task Attach_MissingInterfaceOrNamespace_ClearErrorNothingPinned()
    {
        Privileges.RequireRoot();
        using var pair = PairWithVipOnLo();
        var ns = pair.Second.Name;

        var (exit, _, stderr) = await RunCli("decap", "attach", "--interface", "nope0", "--namespace", ns, "--vip", "203.0.113.10");
        Assert.Equal(1, exit);
        Assert.Equal($"fastlb decap attach: interface 'nope0' not found in namespace '{ns}'\n", stderr);
        Assert.False(Directory.Exists(Decapsulator.PinDirectory("nope0", ns)));

        (exit, _, stderr) = await RunCli("decap", "attach", "--interface", pair.SecondInterface, "--namespace", ns + "-gone", "--vip", "203.0.113.10");
        Assert.Equal(1, exit);
        Assert.Equal($"fastlb decap attach: network namespace '{ns}-gone' not found (/var/run/netns/{ns}-gone)\n", stderr);
    }

    [RootFact]
    public async Task Attach_VipNotHeldByTheHost_RefusedSayingHowToAddIt()
    {
        Privileges.RequireRoot();
        using var pair = PairWithVipOnLo();
        var ns = pair.Second.Name;

        var (exit, stdout, stderr) = await RunCli("decap", "attach", "--interface", pair.SecondInterface, "--namespace", ns, "--vip", "203.0.113.10", "203.0.113.11", "2001:db8:3::11");

        Assert.Equal((1, ""), (exit, stdout));
        Assert.Equal(
            $"fastlb decap attach: VIP 203.0.113.11 is not an address of this host in namespace '{ns}': decapsulated packets for it would not reach a server (add it to lo: ip addr add 203.0.113.11/32 dev lo, with arp_ignore=1 and arp_announce=2)\n" +
            $"fastlb decap attach: VIP 2001:db8:3::11 is not an address of this host in namespace '{ns}': decapsulated packets for it would not reach a server (add it to lo: ip -6 addr add 2001:db8:3::11/128 dev lo, with arp_ignore=1 and arp_announce=2)\n",
            stderr);
        Assert.False(Directory.Exists(Decapsulator.PinDirectory(pair.SecondInterface, ns)));
        Assert.DoesNotContain("fastlb_decap", pair.Second.Ip("-d", "link", "show", "dev", pair.SecondInterface), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "decap", "attach", "--interface", "eth0" }, "fastlb decap attach: Option '--vip' is required.")]
    [InlineData(new[] { "decap", "attach", "--interface", "eth0", "--vip" }, "fastlb decap attach: Required argument missing for option: '--vip'.")]
    [InlineData(new[] { "decap", "attach", "--interface", "eth0", "--vip", "203.0.113.300" }, "fastlb decap attach: invalid VIP '203.0.113.300' (expected an IPv4 or IPv6 address, e.g. 203.0.113.10)")]
    [InlineData(new[] { "decap", "attach", "--interface", "eth0", "--vip", "203.0.113.10", "--gue-port", "0" }, "fastlb decap attach: invalid --gue-port '0' (expected 1-65535)")]
    [InlineData(new[] { "decap", "detach" }, "fastlb decap detach: Option '--interface' is required.")]
    public async Task BadArguments_Exit2WithTheProblem(string[] args, string error)
    {
        var (exit, stdout, stderr) = await RunCli(args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(error, stderr.Split('\n')[0]);
    }

    /// <summary>A namespace pair whose second side holds the VIP 203.0.113.10 on lo.</summary>
    private static NamespacePair PairWithVipOnLo()
    {
        var pair = NamespacePair.Create();
        try
        {
            pair.Second.Ip("addr", "add", "203.0.113.10/32", "dev", "lo");
            return pair;
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }
}
