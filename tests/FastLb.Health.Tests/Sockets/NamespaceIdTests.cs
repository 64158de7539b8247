// Namespace identity by inode: the process's own namespace is recognised by any path that names it.
using FastLb.Health.Sockets;
using FastLb.Lab;

namespace FastLb.Health.Tests.Sockets;

public sealed class NamespaceIdTests
{
    [Fact]
    public void Of_ThreadAndProcessPaths_SameAsHome()
    {
        Assert.Equal(NamespaceId.Home, NamespaceId.Of("/proc/thread-self/ns/net"));
        Assert.Equal(NamespaceId.Home, NamespaceId.Of($"/proc/{Environment.ProcessId}/ns/net"));
    }

    [RootFact]
    public void Of_LabNamespace_NotHome()
    {
        Privileges.RequireRoot();
        using var ns = LabNamespace.Create(LabNames.NewPrefix() + "n");
        Assert.NotEqual(NamespaceId.Home, NamespaceId.Of(ns.Namespace));
        Assert.Equal(NamespaceId.Of(ns.Namespace), NamespaceId.Of(ns.Namespace.Path));
    }

    [Fact]
    public void Of_Missing_ErrorNamesThePath()
    {
        var e = Assert.Throws<InvalidOperationException>(() => NamespaceId.Of("/var/run/netns/fastlb-no-such-namespace"));
        Assert.Contains("/var/run/netns/fastlb-no-such-namespace", e.Message);
    }
}
