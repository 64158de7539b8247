// Routed and transparent modes, one-arm and inline, end to end: real clients, the real XDP program, real servers on a translated port.
namespace FastLb.LabTests;

public sealed class ModeHttpTests
{
    private const int Requests = 120;

    [RootTheory]
    [MemberData(nameof(ModeCases.All), MemberType = typeof(ModeCases))]
    public async Task HttpToVip_SpreadsOverAllReals_ServedOnTheTranslatedPort_FromTheExpectedSource(ModeTopology topology, bool v6)
    {
        await using var run = ModeLabRun.Start(topology, v6);

        var result = await run.RequestsAsync(Requests);

        Assert.True(result.Failures == 0, $"{result.Failures} failed: {string.Join("; ", result.Errors.Take(3))}; data plane: {run.Counters()}");
        Assert.Equal(Requests, result.Succeeded);
        var stats = run.Controller.ReadStats();
        for (var i = 0; i < ModeLab.RealCount; i++)
        {
            var name = run.Lab.RealNames[i];
            var server = run.Servers[i];
            Assert.InRange(result.CountFor(name), 20, Requests);
            Assert.Equal(result.CountFor(name), server.RequestCount);
            Assert.Equal((ulong)result.CountFor(name), stats.Reals.Single(r => r.Service == run.Service && r.Real == name).NewFlows);
            Assert.Equal(ModeLab.RealPort, server.LocalEndPoint.Port);
            // From the server's own record: FastLb's SNAT address one-arm, the client itself inline.
            Assert.All(server.Clients, c => Assert.Equal(run.ExpectedSource, ModeLabLifecycleTests.Plain(c.Address)));
            if (run.ExpectedSource.Equals(run.ClientAddress))
            {
                continue;
            }
            // SNAT gives every flow to a real its own source port from the configured range. A port
            // is claimed per real (the reply's key holds the real): flows to two reals may share one,
            // and with 120 flows over 3 reals and 64,512 ports about one run in fifteen has such a pair.
            Assert.All(server.Clients, c => Assert.InRange(c.Port, 1024, 65535));
            var ports = server.Clients.Select(c => c.Port).ToList();
            Assert.Equal(ports.Count, ports.Distinct().Count());
        }
    }

    /// <summary>
    /// One-arm, FastLb's kernel has never talked to the reals before FastLb starts: it resolves
    /// their next hops at start, so even the first requests are served.
    /// </summary>
    [RootTheory]
    [InlineData(ModeTopology.RoutedOneArm, false)]
    [InlineData(ModeTopology.RoutedOneArm, true)]
    [InlineData(ModeTopology.TransparentOneArm, false)]
    [InlineData(ModeTopology.TransparentOneArm, true)]
    public async Task HttpToVip_RealsUnresolvedBeforeStart_FirstRequestsAreServed(ModeTopology topology, bool v6)
    {
        IReadOnlyList<string> before = [];
        await using var run = ModeLabRun.Start(topology, v6, lab => before = ResolvedReals(lab));

        var result = await run.RequestsAsync(12);

        Assert.Empty(before);
        Assert.True(result.Failures == 0, $"{result.Failures} failed: {string.Join("; ", result.Errors.Take(3))}; data plane: {run.Counters()}");
        Assert.Equal(12, result.Succeeded);
        Assert.Equal(run.Lab.RealAddresses.Concat(run.Lab.RealAddressesV6).Select(a => a.ToString()).Order(StringComparer.Ordinal), ResolvedReals(run.Lab));
    }

    /// <summary>The reals (both families) FastLb's namespace holds a link-layer address for.</summary>
    private static IReadOnlyList<string> ResolvedReals(ModeLab lab)
    {
        var reals = lab.RealAddresses.Concat(lab.RealAddressesV6).Select(a => a.ToString()).ToHashSet(StringComparer.Ordinal);
        return [.. lab.Lb.Ip("neigh", "show", "dev", lab.LbInterface).Split('\n')
            .Where(l => l.Contains("lladdr", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[0])
            .Where(reals.Contains)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The negative beside the translated port: the reals do not listen on the service port.</summary>
    [RootTheory]
    [MemberData(nameof(ModeCases.RealReachableDirectly), MemberType = typeof(ModeCases))]
    public async Task RealOnTheServicePort_Directly_IsRefused(ModeTopology topology)
    {
        await using var run = ModeLabRun.Start(topology, v6: false);

        var e = await Assert.ThrowsAsync<LabException>(() =>
            LabHttpClient.GetAsync(run.Lab.Client.Namespace, run.RealAddresses[0], ModeLab.ServicePort, "/", ModeLabRun.Timeout, CancellationToken.None));

        Assert.Contains("refused", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [RootTheory]
    [MemberData(nameof(ModeCases.All), MemberType = typeof(ModeCases))]
    public async Task HttpToVip_RepliesCrossFastLbUnNated(ModeTopology topology, bool v6)
    {
        await using var run = ModeLabRun.Start(topology, v6);
        var lab = run.Lab;
        // What FastLb sends out of its (outside) interface arrives inbound at that interface's peer.
        using var sentByLb = PacketCapture.Start(lab.LbPeerNamespace, lab.LbPeerInterface, $"inbound and tcp and src host {run.Vip} and src port {ModeLab.ServicePort}");
        using var atClient = PacketCapture.Start(lab.Client, lab.ClientInterface, $"inbound and tcp and dst host {run.ClientAddress} and {run.AnyRealFilter}");
        // And what it sends toward the reals, where that arrives.
        using var toReals = lab.Inline
            ? PacketCapture.Start(lab.Switch, lab.InsidePeerInterface!, $"inbound and tcp and dst port {ModeLab.RealPort}")
            : PacketCapture.Start(lab.LbPeerNamespace, lab.LbPeerInterface, $"inbound and tcp and dst port {ModeLab.RealPort}");

        var result = await run.RequestsAsync(30);

        var replies = sentByLb.Stop();
        var fromReals = atClient.Stop();
        var requests = toReals.Stop();
        Assert.Equal(30, result.Succeeded);
        // Every connection's SYN-ACK, answer and FIN at least, each un-NATed to VIP:80 -> client.
        Assert.True(replies.Count >= 3 * 30, $"{replies.Count} replies left FastLb: {sentByLb.StdErr}");
        Assert.All(replies, p => Assert.Equal(run.ClientAddress, p.DstIp));
        Assert.True(requests.Count >= 3 * 30, $"{requests.Count} requests reached the reals");
        Assert.All(requests, p => Assert.Contains(p.DstIp, run.RealAddresses));
        if (lab.Topology == ModeTopology.TransparentInline)
        {
            // A bump in the wire: frames keep the MACs of the hosts that sent them (router, real).
            Assert.All(requests, p => Assert.Equal("02:00:00:00:00:01", p.SrcMac));
            Assert.All(replies, p => Assert.Contains(p.SrcMac, lab.RealMacs));
            Assert.All(replies, p => Assert.Equal("02:00:00:00:00:01", p.DstMac));
        }
        else
        {
            // Routed, and one-arm on a learning switch: every frame FastLb sends is its own, or
            // the switch would learn the client's or a real's MAC on FastLb's port.
            Assert.All(requests, p => Assert.Equal(lab.Inline ? lab.InsideMac : lab.LbMac, p.SrcMac));
            Assert.All(replies, p => Assert.Equal(lab.LbMac, p.SrcMac));
            Assert.All(replies, p => Assert.Equal(lab.ClientMac, p.DstMac));
        }
        // No frame with a real's address ever reaches the client: nothing bypasses the un-NAT.
        Assert.Empty(fromReals);
        var stats = run.Controller.ReadStats();
        var replyReason = lab.Inline ? Reason.RedirectReply : Reason.TxReply;
        // A reply to a client whose MAC FastLb's kernel has not resolved yet goes un-NATed to the
        // kernel (PassNoNeigh), which resolves it and sends it on: counted there, not as a reply.
        var sent = stats.PacketsFor(replyReason) + stats.PacketsFor(Reason.PassNoNeigh);
        Assert.True(sent >= (ulong)replies.Count, $"{replyReason} + PassNoNeigh: {sent} < {replies.Count}");
    }
}
