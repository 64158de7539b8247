namespace FastLb.LabTests;

/// <summary>
/// With no load balancer program on the LB, the segment and the servers work (the client reaches
/// each real directly) and the VIP is unreachable: the baselines the load-balancing tests build on.
/// </summary>
public sealed class DsrL2LabBaselineTests(LabFixture fixture) : IClassFixture<LabFixture>
{
    [RootFact]
    public async Task Get_EachRealDirectly_ServedByThatReal()
    {
        Privileges.RequireRoot();
        var lab = fixture.Lab;
        for (var i = 0; i < lab.Reals.Count; i++)
        {
            var response = await fixture.GetFromClientAsync(lab.RealAddresses[i]);

            Assert.Equal(200, response.StatusCode);
            Assert.Equal($"served-by: {lab.RealNames[i]}\n", response.Body);
            Assert.Equal(lab.RealNames[i], response.ServedBy);
        }
    }

    [RootFact]
    public async Task Get_RealOverIpv6_ServedByThatReal()
    {
        Privileges.RequireRoot();
        var response = await fixture.GetFromClientAsync(fixture.Lab.RealAddressesV6[1]);

        Assert.Equal("real2", response.ServedBy);
    }

    [RootFact]
    public async Task Get_VipWithoutLoadBalancer_Fails()
    {
        Privileges.RequireRoot();
        var error = await Assert.ThrowsAsync<LabException>(() => fixture.GetFromClientAsync(fixture.Lab.Vip, TimeSpan.FromSeconds(2)));

        Assert.Contains("203.0.113.10:80", error.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task RunRequests_ToRealAndToVip_CountsAnswersAndFailures()
    {
        Privileges.RequireRoot();
        var ns = fixture.Lab.Client.Namespace;
        var before = fixture.Servers[2].RequestCount;

        var toReal = await LabHttpClient.RunRequestsAsync(5, ns, fixture.Lab.RealAddresses[2], LabFixture.Port, LabFixture.Timeout, CancellationToken.None);
        var toVip = await LabHttpClient.RunRequestsAsync(2, ns, fixture.Lab.Vip, LabFixture.Port, TimeSpan.FromSeconds(1), CancellationToken.None, parallelism: 2);

        Assert.Equal(new Dictionary<string, int> { ["real3"] = 5 }, toReal.ByIdentity);
        Assert.Equal(0, toReal.Failures);
        Assert.Equal(before + 5, fixture.Servers[2].RequestCount);
        // A new connection per request: five distinct client source ports.
        Assert.Equal(5, fixture.Servers[2].Clients.Skip(before).Select(c => c.Port).Distinct().Count());
        Assert.Empty(toVip.ByIdentity);
        Assert.Equal(2, toVip.Failures);
    }

    [RootFact]
    public void Ping_RealAndVip_RealAnswersVipDoesNot()
    {
        Privileges.RequireRoot();
        var client = fixture.Lab.Client.Name;

        var toReal = Command.TryRun("ip", "netns", "exec", client, "ping", "-c", "1", "-W", "2", "192.0.2.11");
        var toVip = Command.TryRun("ip", "netns", "exec", client, "ping", "-c", "1", "-W", "1", "203.0.113.10");

        Assert.Equal(0, toReal.ExitCode);
        Assert.NotEqual(0, toVip.ExitCode);
    }

    [RootFact]
    public async Task Capture_OnClientWhileFetchingFromReal1_RepliesCarryReal1Mac()
    {
        Privileges.RequireRoot();
        var lab = fixture.Lab;
        using var fromReal1 = PacketCapture.Start(lab.Client, lab.ClientInterface, "tcp and src host 192.0.2.11");
        using var fromReal2 = PacketCapture.Start(lab.Client, lab.ClientInterface, "tcp and src host 192.0.2.12");

        await fixture.GetFromClientAsync(lab.RealAddresses[0]);
        var replies = fromReal1.Stop();
        var other = fromReal2.Stop();

        Assert.NotEmpty(replies);
        Assert.All(replies, p =>
        {
            Assert.Equal(lab.RealMacs[0], p.SrcMac);
            Assert.Equal(lab.ClientMac, p.DstMac);
            Assert.Equal(IPAddress.Parse("192.0.2.11"), p.SrcIp);
            Assert.Equal(lab.ClientAddress, p.DstIp);
            Assert.Equal(80, p.SrcPort);
        });
        Assert.Contains(replies, p => p.TcpFlags == (CapturedPacket.TcpSyn | CapturedPacket.TcpAck));
        Assert.Empty(other);
    }

    [RootFact]
    public async Task InterfaceCounters_AfterRequest_ClientVethSentAndReceived()
    {
        Privileges.RequireRoot();
        var lab = fixture.Lab;
        var before = InterfaceCounters.Read(lab.Client, lab.ClientInterface);

        await fixture.GetFromClientAsync(lab.RealAddresses[0]);
        var delta = InterfaceCounters.Read(lab.Client, lab.ClientInterface).Since(before);

        // A TCP handshake, request and close: at least 4 frames each way.
        Assert.True(delta.TxPackets >= 4, $"tx {delta.TxPackets}");
        Assert.True(delta.RxPackets >= 4, $"rx {delta.RxPackets}");
        Assert.Throws<LabException>(() => InterfaceCounters.Read(lab.Client, "nosuchif0"));
    }

    [RootFact]
    public void StartServer_PortTaken_ThrowsNamingIt()
    {
        Privileges.RequireRoot();
        LabHttpServer? second = null;
        var error = Assert.Throws<LabException>(() => second = LabHttpServer.Start(fixture.Lab.Reals[0].Namespace, IPAddress.Any, LabFixture.Port, "again"));
        second?.DisposeAsync().AsTask().GetAwaiter().GetResult();

        Assert.Contains(":80", error.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Start_SamePortAfterServedAndStopped_RebindsDespiteTimeWait()
    {
        Privileges.RequireRoot();
        var lab = fixture.Lab;
        const int port = 8080;
        var first = LabHttpServer.Start(lab.Reals[2].Namespace, IPAddress.Any, port, "first");
        await LabHttpClient.GetAsync(lab.Client.Namespace, lab.RealAddresses[2], port, "/", LabFixture.Timeout, CancellationToken.None);
        await first.DisposeAsync();

        var second = LabHttpServer.Start(lab.Reals[2].Namespace, IPAddress.Any, port, "second");
        try
        {
            var response = await LabHttpClient.GetAsync(lab.Client.Namespace, lab.RealAddresses[2], port, "/", LabFixture.Timeout, CancellationToken.None);

            Assert.Equal("second", response.ServedBy);
        }
        finally
        {
            await second.DisposeAsync();
        }
        await Assert.ThrowsAsync<LabException>(() => LabHttpClient.GetAsync(lab.Client.Namespace, lab.RealAddresses[2], port, "/", LabFixture.Timeout, CancellationToken.None));
    }

    [RootFact]
    public void DefaultConfigYaml_ForPort80_NamesLbInterfaceNamespaceAndRealMacs()
    {
        Privileges.RequireRoot();
        var lab = fixture.Lab;

        var yaml = lab.DefaultConfigYaml(80);

        Assert.StartsWith($"interface: {lab.LbInterface}\nnamespace: {lab.Lb.Name}\nmetrics: 127.0.0.1:9100\n", yaml, StringComparison.Ordinal);
        Assert.Contains("      - {name: real2, address: 192.0.2.12, port: 80, mac: 02:00:00:00:00:12, weight: 1}\n", yaml, StringComparison.Ordinal);
        Assert.Contains("    vip: 203.0.113.10\n    port: 80\n    protocol: tcp\n    mode: dsr-l2\n", yaml, StringComparison.Ordinal);
    }
}
