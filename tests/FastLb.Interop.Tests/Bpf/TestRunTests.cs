namespace FastLb.Interop.Tests.Bpf;

/// <summary>BPF_PROG_TEST_RUN through BpfProgram.TestRun.</summary>
public sealed class TestRunTests
{
    private static readonly byte[] Frame =
    [
        0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00, // Ethernet, IPv4
        0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 198, 51, 100, 1, 203, 0, 113, 10,
    ];

    [RootFact]
    public void TestRun_XdpPass_ReturnsPassAndSameFrame()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("xdp_pass"));
        obj.Load();
        var output = new byte[256];
        var result = obj.Program("xdp_pass").TestRun(Frame, output);
        Assert.Equal(2u, result.ReturnValue);
        Assert.Equal(XdpAction.Pass, result.Verdict);
        Assert.Equal(Frame.Length, result.OutputLength);
        Assert.Equal(Frame, output[..result.OutputLength]);
    }

    [RootFact]
    public void TestRun_FrameShorterThanEthernet_ThrowsEinval()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("xdp_pass"));
        obj.Load();
        var e = Assert.Throws<BpfException>(() => obj.Program("xdp_pass").TestRun(new byte[4], new byte[64]));
        Assert.Equal(22, e.Errno);
        Assert.Contains("xdp_pass", e.Message);
    }
}
