namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_family: address families as in sys/socket.h.</summary>
public enum Family : byte
{
    None = 0,
    Inet = 2,
    Inet6 = 10,
}
