namespace FastLb.Interop.Tests.Bpf;

/// <summary>Opening and loading objects, and the errors when that fails.</summary>
public sealed class LoadTests
{
    [Fact]
    public void Open_MissingFile_ThrowsNamingPathAndErrno()
    {
        var e = Assert.Throws<BpfException>(() => BpfObject.Open("/nonexistent/missing.bpf.o"));
        Assert.Equal(2, e.Errno);
        Assert.StartsWith("opening BPF object '/nonexistent/missing.bpf.o' failed: No such file or directory (errno 2)", e.Message);
    }

    [RootFact]
    public void Load_VerifierRejects_ThrowsWithVerifierLog()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("verifier_reject"));
        var e = Assert.Throws<BpfException>(obj.Load);
        Assert.Equal(13, e.Errno); // EACCES: the verifier said no
        Assert.Contains("invalid access to packet", e.VerifierLog);
        Assert.Contains("prog 'unchecked_read':", e.VerifierLog);
        Assert.Contains("invalid access to packet", e.Message);
        Assert.Contains("Permission denied (errno 13)", e.Message);
        Assert.False(obj.IsLoaded);
    }

    [RootFact]
    public void Load_ValidObject_FindsProgramAndMap()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("interop_maps"));
        obj.Load();
        var prog = obj.Program("interop_pass");
        Assert.Equal("interop_pass", prog.Name);
        Assert.True(prog.Fd > 0);
        Assert.Same(prog, obj.Program("interop_pass"));
        Assert.True(obj.Map("t_hash").Fd > 0);
    }

    [RootFact]
    public void Program_MissingName_ThrowsNamingItAndListingPrograms()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("interop_maps"));
        obj.Load();
        var e = Assert.Throws<KeyNotFoundException>(() => obj.Program("nope"));
        Assert.Contains("no program 'nope'", e.Message);
        Assert.Contains("interop_pass", e.Message);
        var m = Assert.Throws<KeyNotFoundException>(() => obj.Map("no_map"));
        Assert.Contains("no map 'no_map'", m.Message);
    }

    [Fact]
    public void Map_BeforeLoad_ThrowsAskingForLoad()
    {
        using var obj = BpfObject.Open(NativePaths.BpfObject("interop_maps"));
        var e = Assert.Throws<InvalidOperationException>(() => obj.Map("t_hash"));
        Assert.Contains("call Load() first", e.Message);
    }
}
