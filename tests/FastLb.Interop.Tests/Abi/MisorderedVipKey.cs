namespace FastLb.Interop.Tests.Abi;

/// <summary>A deliberately wrong mirror of fastlb_vip_key: the comparer must catch it.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MisorderedVipKey
{
    public ushort Port;
    public fixed uint Addr[4];
    public ushort Proto;
    public byte Family;
}
