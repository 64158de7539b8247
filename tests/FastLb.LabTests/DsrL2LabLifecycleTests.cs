namespace FastLb.LabTests;

/// <summary>The DSR L2 lab builds the documented topology and leaves nothing behind (build failures: LabBuildFailureTests).</summary>
public sealed class DsrL2LabLifecycleTests
{
    [RootFact]
    public void Create_ThenDispose_RemovesEveryNamespace()
    {
        Privileges.RequireRoot();
        var lab = DsrL2Lab.Create();
        string[] expected = [.. new[] { "cl", "lb", "r1", "r2", "r3", "sw" }.Select(s => $"{lab.Prefix}-{s}")];
        try
        {
            Assert.Equal(expected, Namespaces.WithPrefix(lab.Prefix));
            Assert.Equal(lab.LbMac, lab.Lb.Mac(lab.LbInterface));
            Assert.Equal(lab.RealMacs[2], lab.Reals[2].Mac(lab.RealInterfaces[2]));
            Assert.Contains("prog/xdp", lab.Switch.Ip("link", "show", "dev", lab.LbPeerInterface), StringComparison.Ordinal);
        }
        finally
        {
            lab.Dispose();
        }
        Assert.Empty(Namespaces.WithPrefix(lab.Prefix));
    }
}
