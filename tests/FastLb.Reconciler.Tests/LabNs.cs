// A fresh pair of namespaces joined by one veth (A in Lb, B in Peer); both deleted on Dispose.
using FastLb.Lab;

namespace FastLb.Reconciler.Tests;

internal sealed class LabNs : IDisposable
{
    private LabNs(LabNamespace lb, LabNamespace peer, string a, string b)
    {
        Lb = lb;
        Peer = peer;
        A = a;
        B = b;
    }

    /// <summary>The namespace the controller serves in.</summary>
    public LabNamespace Lb { get; }

    public LabNamespace Peer { get; }

    public string Name => Lb.Name;

    /// <summary>The end in <see cref="Lb"/>, where the program is attached.</summary>
    public string A { get; }

    /// <summary>The end in <see cref="Peer"/>.</summary>
    public string B { get; }

    public static LabNs Create()
    {
        var prefix = LabNames.NewPrefix();
        var lb = LabNamespace.Create(prefix + "lb");
        LabNamespace? peer = null;
        try
        {
            peer = LabNamespace.Create(prefix + "pe");
            VethPair.Create(lb, prefix + "a", peer, prefix + "b");
            return new LabNs(lb, peer, prefix + "a", prefix + "b");
        }
        catch
        {
            peer?.Dispose();
            lb.Dispose();
            throw;
        }
    }

    /// <summary>`ip -n LB link` output: shows "xdp" on an interface with a program attached.</summary>
    public string Links() => Lb.Ip("link");

    public string LinkA() => Lb.Ip("link", "show", A);

    public string LinkB() => Peer.Ip("link", "show", B);

    public void Dispose()
    {
        Peer.Dispose();
        Lb.Dispose();
    }
}
