// An inclusive range of ports, as `snat-ports: 1024-65535` writes it.
namespace FastLb.Model;

public readonly record struct PortRange(ushort First, ushort Last)
{
    /// <summary>The SNAT range when `snat-ports` is not given.</summary>
    public static PortRange DefaultSnat { get; } = new(1024, 65535);

    public int Count => Last - First + 1;

    public override string ToString() => $"{First}-{Last}";
}
