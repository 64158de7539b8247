namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_vip_hint_flags: beside 1 + a service id in a fastlb_vip_hint value.</summary>
[Flags]
public enum VipHintFlags : uint
{
    None = 0,

    /// <summary>The service is stateless: its packets skip the connection table.</summary>
    Stateless = 0x40000000,
}
