namespace FastLb.PacketTests;

/// <summary>How a test turns a parsed (dsr-l2) service into the mode under test: mode, SNAT, the
/// reals' port (port translation) and whether the reals keep their MACs.</summary>
public sealed record ModeSpec(string Service, ForwardingMode Mode, string? Snat = null, PortRange? SnatPorts = null, ushort? RealPort = null, bool KeepMacs = true)
{
    public ServiceConfig ApplyTo(ServiceConfig s) => s with
    {
        Mode = Mode,
        Snat = Snat is null ? null : IPAddress.Parse(Snat),
        SnatPorts = SnatPorts ?? PortRange.DefaultSnat,
        Reals = [.. s.Reals.Select(r => r with { Port = RealPort ?? r.Port, Mac = KeepMacs ? r.Mac : null })],
    };
}
