namespace FastLb.Interop.Bpf;

/// <summary>A struct member as BTF records it.</summary>
/// <param name="Name">The C member name.</param>
/// <param name="Offset">Byte offset from the start of the struct.</param>
/// <param name="Size">Size in bytes of the member's type.</param>
public sealed record BtfMember(string Name, int Offset, int Size);
