namespace FastLb.Interop.Tests.Bpf;

/// <summary>What is set on the object before load: map sizes and read-only globals, found through BTF.</summary>
public sealed class LoadTimeSettingsTests
{
    [Fact]
    public void VariableIn_Rodata_FindsTheTimeouts()
    {
        using var btf = Btf.ParseElf(NativePaths.BpfObject("fastlb"));
        var (offset, size) = btf.VariableIn(".rodata", "fastlb_timeouts");
        Assert.Equal(0, offset);
        Assert.Equal(48, size); // struct fastlb_timeouts: four timeouts, the tick length, where jiffies start
        Assert.Throws<KeyNotFoundException>(() => btf.VariableIn(".rodata", "fastlb_nothing"));
        Assert.Throws<KeyNotFoundException>(() => btf.VariableIn(".nosection", "fastlb_timeouts"));
    }

    [RootFact]
    public void SetMaxEntries_BeforeLoad_MapHasThatSize_AfterLoad_Refused()
    {
        Privileges.RequireRoot();
        using var obj = BpfObject.Open(NativePaths.BpfObject("fastlb"));
        obj.SetMaxEntries("fastlb_flows", 5000);
        obj.Load();
        Assert.Equal(5000, obj.Map("fastlb_flows").MaxEntries);
        Assert.Equal(AbiLimits.MaxReals, obj.Map("fastlb_reals").MaxEntries); // the others keep their compiled size
        Assert.Throws<InvalidOperationException>(() => obj.SetMaxEntries("fastlb_flows", 6000));
    }

    [Fact]
    public void WriteInitialValue_PastTheSection_Refused()
    {
        using var obj = BpfObject.Open(NativePaths.BpfObject("fastlb"));
        Assert.Throws<ArgumentOutOfRangeException>(() => obj.WriteInitialValue(".rodata", 48, new byte[8])); // timeouts (48 bytes), then the 4-byte flow mask
        Assert.Throws<KeyNotFoundException>(() => obj.SetMaxEntries("fastlb_nothing", 1));
    }
}
