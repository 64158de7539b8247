// Traffic not for a VIP crosses each mode's lab untouched; FastLb answers ARP / ND for transparent VIPs and bridges the rest inline.
namespace FastLb.LabTests;

public sealed class ModePassTests
{
    /// <summary>
    /// The client talks to a real's own address (HTTP on its port, ping) across the lab: the real
    /// sees the client itself, and FastLb forwards nothing of it as a balanced flow.
    /// </summary>
    [RootTheory]
    [MemberData(nameof(ModeCases.All), MemberType = typeof(ModeCases))]
    public async Task TrafficToARealDirectly_WhileFastLbRuns_PassesUnchanged(ModeTopology topology, bool v6)
    {
        await using var run = ModeLabRun.Start(topology, v6);
        var target = run.RealAddresses[0];
        var before = run.Controller.ReadStats();

        var response = await LabHttpClient.GetAsync(run.Lab.Client.Namespace, target, ModeLab.RealPort, "/", ModeLabRun.Timeout, CancellationToken.None);
        run.Lab.Client.Exec("ping", "-c", "2", "-W", "2", target.ToString());

        var after = run.Controller.ReadStats();
        Assert.Equal("real1", response.ServedBy);
        Assert.Equal([run.ClientAddress], run.Servers[0].Clients.Select(c => ModeLabLifecycleTests.Plain(c.Address)));
        foreach (var forward in new[] { Reason.TxForward, Reason.RedirectForward, Reason.TxReply, Reason.RedirectReply })
        {
            Assert.Equal(before.PacketsFor(forward), after.PacketsFor(forward));
        }
        if (topology == ModeTopology.TransparentOneArm)
        {
            // On one shared segment the switch carries it past FastLb: it sees none of it.
            Assert.Equal(before.PacketsFor(Reason.PassNotVip), after.PacketsFor(Reason.PassNotVip));
            return;
        }
        // Inline transparent bridges it; the routed labs hand it to FastLb's kernel, which routes it.
        var reason = topology == ModeTopology.TransparentInline ? Reason.RedirectBridge : Reason.PassNotVip;
        Assert.True(after.PacketsFor(reason) - before.PacketsFor(reason) >= 10, $"{reason}: {before.PacketsFor(reason)} -> {after.PacketsFor(reason)}");
    }

    /// <summary>Bump in the wire: ARP for a real crosses FastLb both ways, ARP for the VIP is answered by FastLb and never crosses.</summary>
    [RootFact]
    public async Task TransparentInline_ArpForARealCrosses_ArpForTheVipIsAnsweredByFastLb()
    {
        await using var run = ModeLabRun.Start(ModeTopology.TransparentInline, v6: false);
        var lab = run.Lab;
        var router = lab.Router!;
        var routerMac = "02:00:00:00:00:01";
        using var inside = PacketCapture.Start(lab.Switch, lab.InsidePeerInterface!, "arp");
        var before = run.Controller.ReadStats();

        router.Exec("ping", "-c", "1", "-W", "2", lab.RealAddresses[1].ToString());
        var vip = await run.ProbeAsync();

        var arps = inside.Stop();
        var after = run.Controller.ReadStats();
        Assert.Contains(vip.ServedBy, lab.RealNames);
        // The router's request for the real went in, the real's answer came back out.
        Assert.Contains(arps, p => p.SrcMac == routerMac && p.DstMac == "ff:ff:ff:ff:ff:ff");
        Assert.Contains(arps, p => p.SrcMac == lab.RealMacs[1] && p.DstMac == routerMac);
        Assert.Equal(lab.RealMacs[1], NeighbourMac(router, lab.RealAddresses[1]));
        // The VIP's ARP stayed outside: FastLb answered it with its outside MAC.
        Assert.Equal(lab.LbMac, NeighbourMac(router, lab.Vip));
        Assert.True(after.PacketsFor(Reason.TxNeighReply) > before.PacketsFor(Reason.TxNeighReply));
        Assert.True(after.PacketsFor(Reason.RedirectBridge) - before.PacketsFor(Reason.RedirectBridge) >= 4);
        Assert.True(after.PacketsFor(Reason.PassNotIp) == before.PacketsFor(Reason.PassNotIp), "no ARP was left to FastLb's kernel");
    }

    /// <summary>Transparent modes answer ND for the IPv6 VIP and ARP for the IPv4 one; the negative: no other address is claimed.</summary>
    [RootTheory]
    [InlineData(ModeTopology.TransparentInline)]
    [InlineData(ModeTopology.TransparentOneArm)]
    public async Task TransparentVip_NeighbourAnsweredWithFastLbsMac_OtherAddressesNot(ModeTopology topology)
    {
        await using var run = ModeLabRun.Start(topology, v6: false);
        var lab = run.Lab;
        // The host that ARPs for the VIP: the router inline, the client on the shared segment.
        var asker = lab.Router ?? lab.Client;

        foreach (var vip in new[] { lab.Vip, lab.VipV6 })
        {
            var response = await run.ProbeAsync(vip);
            Assert.Contains(response.ServedBy, lab.RealNames);
            Assert.Equal(lab.LbMac, NeighbourMac(asker, vip));
        }
        var unclaimed = IPAddress.Parse("203.0.113.99");
        var ping = Command.TryRun("ip", "netns", "exec", asker.Name, "ping", "-c", "1", "-W", "1", unclaimed.ToString());
        Assert.NotEqual(0, ping.ExitCode);
        Assert.Null(NeighbourMac(asker, unclaimed));
    }

    /// <summary>The link-layer address <paramref name="ns"/> has learnt for <paramref name="address"/>, or null.</summary>
    private static string? NeighbourMac(LabNamespace ns, IPAddress address)
    {
        var line = ns.Ip("neigh", "show", address.ToString()).Trim();
        var parts = line.Split(' ');
        var at = Array.IndexOf(parts, "lladdr");
        return at >= 0 && at + 1 < parts.Length ? parts[at + 1] : null;
    }
}
