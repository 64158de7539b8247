// Every lab refuses a bad prefix before touching the kernel, and a failure midway through building leaves nothing of it behind.

namespace FastLb.LabTests;

public sealed class LabBuildFailureTests
{
    private static readonly Dictionary<string, Func<string, IDisposable>> Labs = new()
    {
        ["dsr-l2"] = prefix => DsrL2Lab.Create(prefix),
        ["l3-dsr"] = prefix => L3DsrLab.Create(prefix),
        ["mode"] = prefix => ModeLab.Create(ModeTopology.TransparentInline, prefix),
    };

    public static TheoryData<string> AllLabs => [.. Labs.Keys];

    /// <summary>PREFIX-r2 is already taken: the failure names it and removes only what the lab made.</summary>
    [RootTheory]
    [MemberData(nameof(AllLabs))]
    public void Create_NamespaceClashesMidway_RemovesWhatItCreatedAndKeepsTheOther(string lab)
    {
        Privileges.RequireRoot();
        var prefix = LabNames.NewPrefix();
        using var squatter = LabNamespace.Create(prefix + "-r2");

        var error = Assert.Throws<LabException>(() => Labs[lab](prefix));

        Assert.Contains(prefix + "-r2", error.Message, StringComparison.Ordinal);
        Assert.Equal([prefix + "-r2"], Namespaces.WithPrefix(prefix));
    }

    [Theory]
    [InlineData("dsr-l2", "waytoolongprefix")]
    [InlineData("dsr-l2", "Upper")]
    [InlineData("dsr-l2", "1abc")]
    [InlineData("dsr-l2", "")]
    [InlineData("l3-dsr", "waytoolongprefix")]
    [InlineData("mode", "a-b")]
    public void Create_BadPrefix_ThrowsNamingItBeforeTouchingTheKernel(string lab, string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => Labs[lab](prefix));

        Assert.Contains($"'{prefix}'", error.Message, StringComparison.Ordinal);
    }
}
