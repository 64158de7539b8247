// The kinds of value a configuration key holds; each kind has one reader and one set of rules.
namespace FastLb.Model.Reading;

internal enum KeyType
{
    /// <summary>Printable text on one line (names, SNI).</summary>
    Text,

    /// <summary>Any text, control characters included (a body substring).</summary>
    FreeText,
    InterfaceName,
    NamespaceName,

    /// <summary>A name for a bpffs directory and a socket file: letters, digits, '-', '_', '.'.</summary>
    InstanceName,
    Endpoint,
    Address,
    VipAddress,
    RealAddress,
    SnatAddress,
    Port,
    Int,
    Bool,
    Duration,
    Mac,
    Choice,
    PortRange,
    HttpMethod,
    HttpPath,
    Host,
    DnsName,
    DnsType,
    Regex,
    Payload,

    /// <summary>`encap-source` v4 / v6: ADDRESS, or ADDRESS/PREFIX whose host bits vary per flow.</summary>
    EncapSource,
    /// <summary>A list of flow-key field names (`src-ip`, ...), read as <see cref="FlowFields"/>.</summary>
    FieldList,

    /// <summary>A list or mapping read by the section's own code (reals, check, headers, status).</summary>
    Structure,
}
