// The kinds of active health check a real can have.
namespace FastLb.Model;

public enum CheckType
{
    /// <summary>ICMP echo request; up when it is answered.</summary>
    Icmp,

    /// <summary>Full TCP connect to the check port, then close.</summary>
    Tcp,

    /// <summary>SYN, expect SYN-ACK, answer RST: the handshake is never completed.</summary>
    TcpHalfOpen,

    /// <summary>HTTP request; up when the status is in ExpectStatus.</summary>
    Http,

    /// <summary>HTTP over TLS; as Http, plus SNI and certificate verification.</summary>
    Https,

    /// <summary>HTTP status plus a body that must contain a string or match a regex.</summary>
    HttpContent,

    /// <summary>UDP datagram Send; up when a reply arrives (starting with Expect when set).</summary>
    Udp,

    /// <summary>DNS query for DnsName/DnsType; up on a NOERROR answer.</summary>
    Dns,
}
