// The reason tokens probes report; stable because they become metric labels and log fields.
namespace FastLb.Health;

public static class ProbeReasons
{
    public const string Ok = "ok";
    public const string Timeout = "timeout";
    public const string Refused = "refused";
    public const string Unreachable = "unreachable";
    public const string Reset = "rst";
    public const string NoSynAck = "no syn-ack";
    public const string TlsError = "tls error";
    public const string Closed = "closed";
    public const string BadResponse = "bad response";
    public const string BodyMismatch = "body mismatch";
    public const string NoReply = "no reply";
    public const string ReplyMismatch = "reply mismatch";
    public const string DnsNoAnswer = "dns no answer";
    public const string SocketError = "socket error";
    public const string Error = "error";

    /// <summary>"status 503": an HTTP status outside the expected set.</summary>
    public static string Status(int code) => "status " + code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"dns rcode 3": a DNS reply with a non-zero response code.</summary>
    public static string DnsRcode(int rcode) => "dns rcode " + rcode.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
