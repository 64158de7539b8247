// L2 DSR one-arm, end to end: real HTTP clients, the real XDP program, real servers.
namespace FastLb.LabTests;

// One lab and its servers for the class (but where a test needs a fresh one); each test starts its own controller.
public sealed class DsrL2OneArmTests(LabFixture fixture) : IClassFixture<LabFixture>
{
    private const int Requests = 150;

    [RootFact]
    public async Task HttpToVip_DsrL2OneArm_AllRealsServeAndRepliesBypassTheLoadBalancer()
    {
        Privileges.RequireRoot();
        var lab = fixture.Lab;
        var servedBefore = fixture.Servers.Select(s => s.RequestCount).ToArray();
        using var controller = StartController(lab);
        using var atClient = PacketCapture.Start(lab.Client, lab.ClientInterface, $"tcp and src host {lab.Vip}");
        using var atLb = PacketCapture.Start(lab.Lb, lab.LbInterface, $"src host {lab.Vip}");

        var result = await LabHttpClient.RunRequestsAsync(Requests, lab.Client.Namespace, lab.Vip, 80, TimeSpan.FromSeconds(5), CancellationToken.None, parallelism: 4);

        var replies = atClient.Stop();
        var throughLb = atLb.Stop();
        Assert.Equal(0, result.Failures);
        Assert.Equal(Requests, result.Succeeded);
        var stats = controller.ReadStats();
        for (var i = 0; i < DsrL2Lab.RealCount; i++)
        {
            var name = lab.RealNames[i];
            // Each real served a fair share, and what the client saw, the server counted and the
            // data plane pinned agree request for request.
            Assert.InRange(result.CountFor(name), 20, Requests);
            Assert.Equal(result.CountFor(name), fixture.Servers[i].RequestCount - servedBefore[i]);
            Assert.Equal((ulong)result.CountFor(name), stats.Reals.Single(r => r.Service == "web" && r.Real == name).NewFlows);
        }

        // Replies come from the reals' own MACs: straight from the real, not via the LB.
        // Every connection's SYN-ACK reached the client (one client port each, retransmissions aside).
        var synAcks = replies.Where(p => p.TcpFlags == (CapturedPacket.TcpSyn | CapturedPacket.TcpAck)).Select(p => p.DstPort).Distinct().Count();
        Assert.True(synAcks == Requests, $"SYN-ACKs for {synAcks} of {Requests} connections captured at the client {atClient.StdErr}");
        Assert.All(replies, p => Assert.Contains(p.SrcMac, lab.RealMacs));
        Assert.Equal(lab.RealMacs.Order(), replies.Select(p => p.SrcMac).Distinct().Order());
        Assert.Empty(throughLb);
        Assert.True(stats.PacketsFor(Reason.TxForward) >= 3 * Requests, "every connection crossed XDP_TX at least SYN, ACK, request");
    }

    [RootFact]
    public async Task HttpToVipV6_DsrL2OneArm_ServedByAllReals()
    {
        Privileges.RequireRoot();
        var lab = fixture.Lab;
        using var controller = StartController(lab);

        var result = await LabHttpClient.RunRequestsAsync(60, lab.Client.Namespace, lab.VipV6, 80, TimeSpan.FromSeconds(5), CancellationToken.None, parallelism: 4);

        Assert.Equal(0, result.Failures);
        Assert.Equal(lab.RealNames.Order(), result.ByIdentity.Keys.Order());
        var v6 = controller.ReadStats().Reals.Where(r => r.Service == "web6").ToList();
        Assert.Equal(60ul, (ulong)v6.Sum(r => (long)r.NewFlows));
    }

    [RootFact]
    public async Task TrafficNotForAVip_WhileAttached_PassesToTheKernel()
    {
        Privileges.RequireRoot();
        using var lab = DsrL2Lab.Create(); // not the shared one: its neighbour caches are cold, so the client ARPs
        using var controller = StartController(lab);
        await using var lbServer = LabHttpServer.Start(lab.Lb.Namespace, IPAddress.Any, 8080, "lb-host");

        // The LB host's own service, and ICMP to it, still work with the program attached.
        var response = await LabHttpClient.GetAsync(lab.Client.Namespace, lab.LbAddress, 8080, "/", TimeSpan.FromSeconds(5), CancellationToken.None);
        lab.Client.Exec("ping", "-c", "1", "-W", "2", lab.LbAddress.ToString());

        Assert.Equal("lb-host", response.ServedBy);
        var client = Assert.Single(lbServer.Clients);
        Assert.Equal(lab.ClientAddress, client.Address);
        var stats = controller.ReadStats();
        // At least what this test sent: SYN, ACK, request and FIN of the connection; the echo request; an ARP.
        var notVip = stats.PacketsFor(Reason.PassNotVip);
        Assert.True(notVip >= 4, $"{notVip} packets passed as not-a-VIP; the HTTP exchange alone sends 4");
        Assert.True(stats.PacketsFor(Reason.PassNotL4) >= 1, "the ICMP echo request passes to the kernel");
        Assert.True(stats.PacketsFor(Reason.PassNotIp) >= 1, "ARP passes to the kernel");
        Assert.Equal(0ul, stats.PacketsFor(Reason.TxForward));
    }

    [RootFact]
    public async Task HttpToVip_WithoutController_Fails()
    {
        Privileges.RequireRoot();
        // The negative of the tests above: nothing forwards the VIP without FastLb.
        await Assert.ThrowsAsync<LabException>(() => fixture.GetFromClientAsync(fixture.Lab.Vip, TimeSpan.FromSeconds(1)));
    }

    /// <summary>A controller serving the lab's default config plus an IPv6 service on the same reals.</summary>
    private static FastLbController StartController(DsrL2Lab lab)
    {
        var yaml = lab.DefaultConfigYaml(80) + $"""
              - name: web6
                vip: {lab.VipV6}
                port: 80
                protocol: tcp
                mode: dsr-l2
                reals:
                  - {"{"}name: real1, address: "{lab.RealAddressesV6[0]}", port: 80, mac: "{lab.RealMacs[0]}"{"}"}
                  - {"{"}name: real2, address: "{lab.RealAddressesV6[1]}", port: 80, mac: "{lab.RealMacs[1]}"{"}"}
                  - {"{"}name: real3, address: "{lab.RealAddressesV6[2]}", port: 80, mac: "{lab.RealMacs[2]}"{"}"}

            """;
        return FastLbController.Start(ConfigLoader.Parse(yaml, "lab.yaml", DataPlaneLimits.Config), NullLoggerFactory.Instance);
    }
}
