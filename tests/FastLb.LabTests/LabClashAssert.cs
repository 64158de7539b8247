// The check every lab's lifecycle tests share: a namespace clash midway through building leaves nothing of the lab behind.
using FastLb.Lab;
using Xunit;

namespace FastLb.LabTests;

/// <summary>Builds a lab whose PREFIX-r2 is already taken and asserts the failure names it and removes only what the lab made.</summary>
internal static class LabClashAssert
{
    public static void ClashMidway_RemovesWhatItCreatedAndKeepsTheOther(Func<string, IDisposable> create)
    {
        var prefix = LabNames.NewPrefix();
        using var squatter = LabNamespace.Create(prefix + "-r2");

        var error = Assert.Throws<LabException>(() => create(prefix));

        Assert.Contains(prefix + "-r2", error.Message, StringComparison.Ordinal);
        Assert.Equal([prefix + "-r2"], Namespaces.WithPrefix(prefix));
    }
}
