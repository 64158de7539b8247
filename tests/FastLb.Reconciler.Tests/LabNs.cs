// A fresh namespace holding one veth pair (both ends inside it), deleted on Dispose.
using FastLb.Lab;

namespace FastLb.Reconciler.Tests;

internal sealed class LabNs : IDisposable
{
    private LabNs(LabNamespace ns, string a, string b)
    {
        Ns = ns;
        A = a;
        B = b;
    }

    public LabNamespace Ns { get; }

    public string Name => Ns.Name;

    /// <summary>The end the program is attached to.</summary>
    public string A { get; }

    public string B { get; }

    public static LabNs Create()
    {
        var prefix = LabNames.NewPrefix();
        var ns = LabNamespace.Create(prefix + "rc");
        try
        {
            VethPair.Create(ns, prefix + "a", ns, prefix + "b");
            return new LabNs(ns, prefix + "a", prefix + "b");
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>`ip -n NS link` output: shows "xdp" on an interface with a program attached.</summary>
    public string Links() => Ns.Ip("link");

    public string Link(string ifname) => Ns.Ip("link", "show", ifname);

    public void Dispose() => Ns.Dispose();
}
