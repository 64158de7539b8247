namespace FastLb.Interop.Bpf;

/// <summary>A C struct as BTF records it: its size and members in declaration order.</summary>
public sealed record BtfStruct(string Name, int Size, IReadOnlyList<BtfMember> Members)
{
    /// <summary>The member named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such member.</exception>
    public BtfMember Member(string name) => Members.FirstOrDefault(m => m.Name == name)
        ?? throw new KeyNotFoundException($"struct {Name} has no member '{name}' (has: {string.Join(", ", Members.Select(m => m.Name))})");
}
