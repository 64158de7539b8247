namespace FastLb.Interop.Bpf;

/// <summary>How an XDP program is attached to an interface.</summary>
public enum XdpAttachMode
{
    /// <summary>Native if the driver supports it, else generic (the kernel chooses).</summary>
    Auto = 0,

    /// <summary>In the driver (XDP_FLAGS_DRV_MODE); fails where the driver has no XDP support.</summary>
    Native = 1,

    /// <summary>In the generic network stack (XDP_FLAGS_SKB_MODE); works everywhere, slower.</summary>
    Generic = 2,
}
