using FastLb.Lab;

namespace FastLb.Interop.Tests.Bpf;

/// <summary>XDP attach and detach on a veth inside a lab namespace.</summary>
public sealed class AttachTests
{
    [RootTheory]
    [InlineData(XdpAttachMode.Auto)]
    [InlineData(XdpAttachMode.Native)]
    [InlineData(XdpAttachMode.Generic)]
    public void AttachXdp_Veth_ShowsAttachedUntilDisposed(XdpAttachMode mode)
    {
        Privileges.RequireRoot();
        WithVeth((ns, ifname, obj) =>
        {
            var prog = obj.Program("xdp_pass");
            var attachment = ns.Namespace.Run(() => prog.AttachXdp(NetInterfaces.InterfaceIndex(ifname), mode));
            try
            {
                Assert.True(attachment.IsLink);
                var shown = ns.Ip("link", "show", ifname);
                Assert.Contains(mode == XdpAttachMode.Generic ? "xdpgeneric" : "xdp", shown);
            }
            finally
            {
                attachment.Dispose();
            }
            Assert.DoesNotContain("xdp", ns.Ip("link", "show", ifname));
        });
    }

    [RootFact]
    public void AttachXdpNetlink_Veth_DetachesOnDisposeFromAnotherNamespace()
    {
        Privileges.RequireRoot();
        WithVeth((ns, ifname, obj) =>
        {
            var prog = obj.Program("xdp_pass");
            var attachment = ns.Namespace.Run(() => prog.AttachXdpNetlink(NetInterfaces.InterfaceIndex(ifname), XdpAttachMode.Auto));
            try
            {
                Assert.False(attachment.IsLink);
                Assert.Contains("xdp", ns.Ip("link", "show", ifname));
            }
            finally
            {
                attachment.Dispose(); // from the root namespace: must still detach inside ns
            }
            Assert.DoesNotContain("xdp", ns.Ip("link", "show", ifname));
        });
    }

    [RootFact]
    public void AttachXdp_SecondLinkOnSameInterface_ThrowsBusy()
    {
        Privileges.RequireRoot();
        WithVeth((ns, ifname, obj) =>
        {
            var prog = obj.Program("xdp_pass");
            using var first = ns.Namespace.Run(() => prog.AttachXdp(NetInterfaces.InterfaceIndex(ifname)));
            var e = Assert.Throws<BpfException>(() => ns.Namespace.Run(() => prog.AttachXdp(NetInterfaces.InterfaceIndex(ifname))));
            Assert.Equal(16, e.Errno); // EBUSY
            Assert.Contains("xdp_pass", e.Message);
        });
    }

    [RootFact]
    public void InterfaceIndex_MissingInterface_ThrowsNamingIt()
    {
        Privileges.RequireRoot();
        var e = Assert.Throws<ArgumentException>(() => NetInterfaces.InterfaceIndex("flnosuchif0"));
        Assert.Contains("network interface 'flnosuchif0' not found", e.Message);
    }

    [RootFact]
    public void AttachXdp_MissingIfindex_ThrowsNoDevice()
    {
        Privileges.RequireRoot();
        var name = LabNames.NewPrefix() + "i";
        using var ns = LabNamespace.Create(name);
        using var obj = BpfObject.Open(NativePaths.BpfObject("xdp_pass"));
        obj.Load();
        var e = Assert.Throws<BpfException>(() => ns.Namespace.Run(() => obj.Program("xdp_pass").AttachXdp(9999)));
        Assert.Equal(19, e.Errno); // ENODEV
        Assert.Contains("ifindex 9999", e.Message);
    }

    [RootFact]
    public void TestRunLive_XdpPassOnVeth_RunsInNamespace()
    {
        Privileges.RequireRoot();
        WithVeth((ns, ifname, obj) =>
        {
            byte[] frame =
            [
                0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00,
                0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 198, 51, 100, 1, 203, 0, 113, 10,
            ];
            var prog = obj.Program("xdp_pass");
            var result = ns.Namespace.Run(() => prog.TestRunLive(frame, NetInterfaces.InterfaceIndex(ifname), repeat: 16, batchSize: 8));
            Assert.Equal(0, result.OutputLength);
            var e = Assert.Throws<BpfException>(() => ns.Namespace.Run(() => prog.TestRunLive(frame, 9999, repeat: 1)));
            Assert.Equal(19, e.Errno);
        });
    }

    private static void WithVeth(Action<LabNamespace, string, BpfObject> test)
    {
        var prefix = LabNames.NewPrefix();
        using var a = LabNamespace.Create(prefix + "a");
        using var b = LabNamespace.Create(prefix + "b");
        VethPair.Create(a, prefix + "x", b, prefix + "y");
        using var obj = BpfObject.Open(NativePaths.BpfObject("xdp_pass"));
        obj.Load();
        test(a, prefix + "x", obj);
    }
}
