// A real (or backup) as read, before the cross-object rules: values that failed to read are null.
using System.Net;
using System.Net.NetworkInformation;

namespace FastLb.Model.Reading;

internal sealed class RealDraft(SectionMap map, bool isBackup)
{
    public SectionMap Map { get; } = map;

    public bool IsBackup { get; } = isBackup;

    /// <summary>"real" or "backup", as messages name it.</summary>
    public string What => IsBackup ? "backup" : "real";

    public IPAddress? Address { get; init; }

    /// <summary>The real's port: its own, else the service's; null when unknown.</summary>
    public ushort? Port { get; init; }

    public PhysicalAddress? Mac { get; init; }

    public int? Weight { get; init; }

    public string? Name { get; init; }

    public HealthCheckConfig? Check { get; init; }

    /// <summary>"ADDRESS:PORT", or the address alone while the port is unknown.</summary>
    public string Endpoint => Port is null ? $"{Address}" : RealConfig.FormatEndpoint(Address!, Port.Value);
}
