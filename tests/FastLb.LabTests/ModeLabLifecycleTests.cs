// The mode labs build their documented topology, carry traffic not for a VIP without FastLb, and leave nothing behind.

namespace FastLb.LabTests;

public sealed class ModeLabLifecycleTests
{
    public static TheoryData<ModeTopology> Topologies => [.. Enum.GetValues<ModeTopology>()];

    [RootTheory]
    [MemberData(nameof(Topologies))]
    public void Create_ThenDispose_RemovesEveryNamespace(ModeTopology topology)
    {
        Privileges.RequireRoot();
        var lab = ModeLab.Create(topology);
        List<string> expected = ["cl", "lb", "r1", "r2", "r3", "sw"];
        if (topology == ModeTopology.TransparentInline)
        {
            expected.Add("rt");
        }
        try
        {
            Assert.Equal(expected.Select(s => $"{lab.Prefix}-{s}").Order(StringComparer.Ordinal), Namespaces.WithPrefix(lab.Prefix));
            Assert.Equal(lab.LbMac, lab.Lb.Mac(lab.LbInterface));
            Assert.Contains("prog/xdp", lab.LbPeerNamespace.Ip("link", "show", "dev", lab.LbPeerInterface), StringComparison.Ordinal);
            if (lab.Inline)
            {
                Assert.Equal(lab.InsideMac, lab.Lb.Mac(lab.InsideInterface!));
                Assert.Contains("prog/xdp", lab.Switch.Ip("link", "show", "dev", lab.InsidePeerInterface!), StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(lab.InsideInterface);
            }
            // The bump in the wire owns no address; every other FastLb namespace does.
            var lbAddresses = lab.Lb.Ip("-o", "addr", "show", "scope", "global");
            Assert.Equal(topology != ModeTopology.TransparentInline, lbAddresses.Contains("inet ", StringComparison.Ordinal));
        }
        finally
        {
            lab.Dispose();
        }
        Assert.Empty(Namespaces.WithPrefix(lab.Prefix));
    }

    /// <summary>Routed labs route, the one-arm transparent lab switches: a real is reachable directly before FastLb runs.</summary>
    [RootTheory]
    [MemberData(nameof(ModeCases.RealReachableDirectly), MemberType = typeof(ModeCases))]
    public async Task RealDirect_WithoutFastLb_ServesTheClientFromItsOwnAddress(ModeTopology topology)
    {
        await WithServersAsync(topology, async (lab, servers) =>
        {
            foreach (var address in new[] { lab.RealAddresses[1], lab.RealAddressesV6[1] })
            {
                var response = await LabHttpClient.GetAsync(lab.Client.Namespace, address, ModeLab.RealPort, "/", TimeSpan.FromSeconds(5), CancellationToken.None);
                Assert.Equal("real2", response.ServedBy);
            }
            Assert.Equal([lab.ClientAddress, lab.ClientAddressV6], servers[1].Clients.Select(c => Plain(c.Address)));
            Assert.Equal(0, servers[0].RequestCount + servers[2].RequestCount);
        });
    }

    /// <summary>The negatives: without FastLb no VIP answers, and the bump in the wire carries nothing at all.</summary>
    [RootTheory]
    [MemberData(nameof(Topologies))]
    public async Task Vip_WithoutFastLb_IsUnreachable(ModeTopology topology)
    {
        await WithServersAsync(topology, async (lab, servers) =>
        {
            await Assert.ThrowsAsync<LabException>(() =>
                LabHttpClient.GetAsync(lab.Client.Namespace, lab.Vip, ModeLab.ServicePort, "/", TimeSpan.FromSeconds(1), CancellationToken.None));
            if (topology == ModeTopology.TransparentInline)
            {
                await Assert.ThrowsAsync<LabException>(() =>
                    LabHttpClient.GetAsync(lab.Client.Namespace, lab.RealAddresses[0], ModeLab.RealPort, "/", TimeSpan.FromSeconds(1), CancellationToken.None));
            }
            Assert.Equal(0, servers.Sum(s => s.RequestCount));
        });
    }

    // Requires root; the lab with its real servers up and no FastLb, for the duration of test.
    private static async Task WithServersAsync(ModeTopology topology, Func<ModeLab, IReadOnlyList<LabHttpServer>, Task> test)
    {
        Privileges.RequireRoot();
        using var lab = ModeLab.Create(topology);
        await using var servers = lab.StartHttpServers();
        await test(lab, servers);
    }

    internal static IPAddress Plain(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
}
