namespace FastLb.PacketTests.Modes;

/// <summary>DataPlane.Attach inline: the topology and redirect ports written, the program attached to
/// both interfaces and detached from both on dispose.</summary>
[Collection(ModesCollection.Name)]
public sealed class DataPlaneAttachTests(ModesFixture fx)
{
    [RootFact]
    public void AttachInline_WritesTopologyAndPorts_AttachesBoth_DisposeDetachesBoth()
    {
        Privileges.RequireRoot();
        using (var dp = DataPlane.Load(NullLogger.Instance))
        {
            dp.Attach("o0", fx.Ns.Namespace, XdpAttachMode.Generic, insideIfname: "i0", bridge: true);

            Assert.True(dp.Topology.TryLookup(0u, out Topology t));
            Assert.Equal((Mac(LbOut), Mac(LbIn), (uint)fx.OutIfindex, (uint)fx.InIfindex, TopologyFlags.Bridge),
                (t.MacAddress, t.InsideMacAddress, t.Ifindex, t.InsideIfindex, t.Flags));
            Assert.True(dp.Ports.TryLookup((uint)Port.Outside, out uint outside));
            Assert.True(dp.Ports.TryLookup((uint)Port.Inside, out uint inside));
            Assert.Equal(((uint)fx.OutIfindex, (uint)fx.InIfindex), (outside, inside));
            Assert.Equal((fx.OutIfindex, fx.InIfindex), (dp.Attachment!.Ifindex, dp.InsideAttachment!.Ifindex));
            Assert.Contains("xdp", fx.Ns.Ip("link", "show", "o0"), StringComparison.Ordinal);
            Assert.Contains("xdp", fx.Ns.Ip("link", "show", "i0"), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("xdp", fx.Ns.Ip("link", "show", "o0"), StringComparison.Ordinal);
        Assert.DoesNotContain("xdp", fx.Ns.Ip("link", "show", "i0"), StringComparison.Ordinal);
    }

    [RootFact]
    public void AttachOneArm_BridgeIgnored_NoInsidePort()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        dp.Attach("o0", fx.Ns.Namespace, XdpAttachMode.Generic, bridge: true);
        Assert.True(dp.Topology.TryLookup(0u, out Topology t));
        Assert.Equal((Mac(LbOut), 0u, TopologyFlags.None), (t.InsideMacAddress, t.InsideIfindex, t.Flags));
        Assert.False(dp.Ports.TryLookup((uint)Port.Inside, out uint _));
        Assert.Null(dp.InsideAttachment);
    }

    [RootFact]
    public void AttachInsideSameAsOutside_Refused()
    {
        Privileges.RequireRoot();
        using var dp = DataPlane.Load(NullLogger.Instance);
        var e = Assert.Throws<ArgumentException>(() => dp.Attach("o0", fx.Ns.Namespace, insideIfname: "o0"));
        Assert.Contains("'o0'", e.Message, StringComparison.Ordinal);
        Assert.Null(dp.Attachment);
    }
}
