// The controller's view of a two-namespace lab: it serves in Lb on A; B is the peer's end.
using FastLb.Lab;

namespace FastLb.Reconciler.Tests;

internal sealed class LabNs(NamespacePair pair) : IDisposable
{
    /// <summary>The namespace the controller serves in.</summary>
    public LabNamespace Lb => pair.First;

    public LabNamespace Peer => pair.Second;

    public string Name => Lb.Name;

    /// <summary>The end in <see cref="Lb"/>, where the program is attached.</summary>
    public string A => pair.FirstInterface;

    /// <summary>The end in <see cref="Peer"/>.</summary>
    public string B => pair.SecondInterface;

    public static LabNs Create() => new(NamespacePair.Create());

    /// <summary>`ip -n LB link` output: shows "xdp" on an interface with a program attached.</summary>
    public string Links() => Lb.Ip("link");

    public string LinkA() => Lb.Ip("link", "show", A);

    public string LinkB() => Peer.Ip("link", "show", B);

    public void Dispose() => pair.Dispose();
}
