// /metrics text as prometheus-net renders it, fed with counter snapshots: removed services and reals leave it.
using FastLb.Interop.Abi;
using FastLb.Reconciler;
using Prometheus;
using Xunit;

namespace FastLb.Host.Tests;

public sealed class DataPlaneMetricsScrapeTests
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private StatsSnapshot? _next;

    public DataPlaneMetricsScrapeTests() => _ = new DataPlaneMetrics(_registry, () => _next);

    private static RealStats Real(string service, string real, ulong packets, bool up = true) =>
        new(service, real, up, up, packets, packets * 100, packets / 10) { ActiveFlows = (long)packets / 20 };

    private static StatsSnapshot Snapshot(IEnumerable<string> services, params RealStats[] reals) => new(
        [new ReasonStats(Reason.TxForward, "tx", 7, 700)],
        [.. services.Select(s => new ServiceStats(s, 1000, 100_000))],
        reals);

    private async Task<string[]> ScrapeAsync(StatsSnapshot? snapshot)
    {
        _next = snapshot;
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return [.. System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }

    private static string[] SeriesOf(string[] scrape, string labels) =>
        [.. scrape.Where(l => l.Contains(labels, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static string[] RealSeries(string service, string real, ulong packets, int up) =>
    [
        $"fastlb_real_active_flows{{service=\"{service}\",real=\"{real}\"}} {packets / 20}",
        $"fastlb_real_bytes_total{{service=\"{service}\",real=\"{real}\"}} {packets * 100}",
        $"fastlb_real_in_ring{{service=\"{service}\",real=\"{real}\"}} {up}",
        $"fastlb_real_new_flows_total{{service=\"{service}\",real=\"{real}\"}} {packets / 10}",
        $"fastlb_real_packets_total{{service=\"{service}\",real=\"{real}\"}} {packets}",
        $"fastlb_real_up{{service=\"{service}\",real=\"{real}\"}} {up}",
    ];

    [Fact]
    public async Task Scrape_TwoReals_BothExportedWithTheirCounters()
    {
        var scrape = await ScrapeAsync(Snapshot(["web"], Real("web", "r1", 50), Real("web", "r2", 30)));

        Assert.Equal(RealSeries("web", "r1", 50, 1), SeriesOf(scrape, "real=\"r1\""));
        Assert.Equal(RealSeries("web", "r2", 30, 1), SeriesOf(scrape, "real=\"r2\""));
        Assert.Contains("fastlb_service_packets_total{service=\"web\"} 1000", scrape);
        Assert.Contains("fastlb_packets_total{verdict=\"tx\",reason=\"tx_forward\"} 7", scrape);
    }

    [Fact]
    public async Task Scrape_RealRemovedFromConfig_GoneAtNextScrapeOthersKept()
    {
        await ScrapeAsync(Snapshot(["web"], Real("web", "r1", 50), Real("web", "r2", 30)));

        var scrape = await ScrapeAsync(Snapshot(["web"], Real("web", "r1", 60)));

        Assert.Empty(SeriesOf(scrape, "real=\"r2\""));
        Assert.Equal(RealSeries("web", "r1", 60, 1), SeriesOf(scrape, "real=\"r1\""));
    }

    [Fact]
    public async Task Scrape_RealDownButConfigured_StaysWithUpZero()
    {
        await ScrapeAsync(Snapshot(["web"], Real("web", "r1", 50), Real("web", "r2", 30)));

        var scrape = await ScrapeAsync(Snapshot(["web"], Real("web", "r1", 50), Real("web", "r2", 30, up: false)));

        Assert.Equal(RealSeries("web", "r2", 30, 0), SeriesOf(scrape, "real=\"r2\""));
    }

    [Fact]
    public async Task Scrape_ServiceRemoved_ItsSeriesAndItsRealsGone()
    {
        await ScrapeAsync(Snapshot(["web", "dns"], Real("web", "r1", 50), Real("dns", "d1", 20)));

        var scrape = await ScrapeAsync(Snapshot(["web"], Real("web", "r1", 50)));

        Assert.Empty(SeriesOf(scrape, "service=\"dns\""));
        Assert.Contains("fastlb_service_packets_total{service=\"web\"} 1000", scrape);
        Assert.Equal(RealSeries("web", "r1", 50, 1), SeriesOf(scrape, "real=\"r1\""));
    }

    [Fact]
    public async Task Scrape_SameRealNameInAnotherService_RemovingOneKeepsTheOther()
    {
        await ScrapeAsync(Snapshot(["web", "api"], Real("web", "r1", 50), Real("api", "r1", 20)));

        var scrape = await ScrapeAsync(Snapshot(["web", "api"], Real("api", "r1", 20)));

        Assert.Equal(RealSeries("api", "r1", 20, 1), SeriesOf(scrape, "real=\"r1\""));
    }

    [Fact]
    public async Task Scrape_RealRemovedThenAddedBack_ShowsItsNewCountersNotTheOld()
    {
        await ScrapeAsync(Snapshot(["web"], Real("web", "r1", 50), Real("web", "r2", 900)));
        await ScrapeAsync(Snapshot(["web"], Real("web", "r1", 50)));

        var scrape = await ScrapeAsync(Snapshot(["web"], Real("web", "r1", 50), Real("web", "r2", 40)));

        Assert.Equal(RealSeries("web", "r2", 40, 1), SeriesOf(scrape, "real=\"r2\""));
    }

    [Fact]
    public async Task Scrape_NoControllerYet_ExportsNoServiceOrReal()
    {
        var scrape = await ScrapeAsync(null);

        Assert.Empty(SeriesOf(scrape, "service="));
    }
}
