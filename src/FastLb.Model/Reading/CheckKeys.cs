// The keys of a health check, with the check types each applies to.
namespace FastLb.Model.Reading;

internal static class CheckKeys
{
    private static readonly KeyScope Http = KeyScope.CheckTypes("applies to http/https/http-content checks",
        CheckType.Http, CheckType.Https, CheckType.HttpContent);

    private static readonly KeyScope Https = KeyScope.CheckTypes("applies to https checks", CheckType.Https);

    // TLS checks always open a new connection, so keeping one open is refused there rather than ignored.
    private static readonly KeyScope PlainHttp = KeyScope.CheckTypes(
        "applies to http and http-content checks (an https check opens a new connection every time)", CheckType.Http, CheckType.HttpContent);

    private static readonly KeyScope Udp = KeyScope.CheckTypes("applies to udp checks", CheckType.Udp);

    private static readonly KeyScope Dns = KeyScope.CheckTypes("applies to dns checks", CheckType.Dns);

    public static readonly KeyRow[] All =
    [
        new("type", KeyType.Choice, CheckType.Tcp)
        {
            What = "check type",
            Choices = ConfigNames<CheckType>.Choices,
        },
        new("interval", KeyType.Duration, HealthCheckConfig.DefaultInterval),
        new("timeout", KeyType.Duration, HealthCheckConfig.DefaultTimeout),

        // Default: a tenth of the interval, filled by the check reader.
        new("jitter", KeyType.Duration) { AllowZero = true },
        new("rise", KeyType.Int, HealthCheckConfig.DefaultRise) { Min = 1, Max = 1000, RangeText = "at least 1" },
        new("fall", KeyType.Int, HealthCheckConfig.DefaultFall) { Min = 1, Max = 1000, RangeText = "at least 1" },
        new("initial", KeyType.Choice, HealthState.Down)
        {
            What = "initial state", Choices = ConfigNames<HealthState>.Choices,
        },
        new("port", KeyType.Port) { Scope = KeyScope.NotCheckTypes("does not apply to icmp checks", CheckType.Icmp) },
        new("address", KeyType.Address),
        new("method", KeyType.HttpMethod, "GET") { Scope = Http },
        new("path", KeyType.HttpPath, "/") { Scope = Http },
        new("host", KeyType.Host) { Scope = Http },
        new("headers", KeyType.Structure) { Scope = Http },
        new("status", KeyType.Structure) { Scope = Http },
        new("sni", KeyType.Text) { Scope = Https },
        new("verify-cert", KeyType.Bool, true) { Scope = Https },
        new("contains", KeyType.FreeText) { Scope = Http },
        new("regex", KeyType.Regex) { Scope = Http },
        // Default: true for http and http-content, filled by the check reader.
        new("reuse-connection", KeyType.Bool) { Scope = PlainHttp },
        new("max-bytes", KeyType.Int, HealthCheckConfig.DefaultMaxBytes) { Min = 1, Max = 16 * 1024 * 1024, Scope = Http },
        new("send", KeyType.Payload) { Scope = Udp },
        new("expect", KeyType.Payload) { Scope = Udp },
        new("query", KeyType.DnsName) { Scope = Dns },
        new("query-type", KeyType.DnsType, "A") { Scope = Dns },
    ];
}
