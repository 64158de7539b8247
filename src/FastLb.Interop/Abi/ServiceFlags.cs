namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_service_flags.</summary>
[Flags]
public enum ServiceFlags : byte
{
    None = 0,

    /// <summary>Source becomes snat_addr and a port from the SNAT range.</summary>
    Snat = 1,
}
