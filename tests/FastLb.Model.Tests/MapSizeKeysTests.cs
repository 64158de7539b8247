// `max-services` and `max-reals`: defaults from the data plane, ranges up to its ceilings, and the counts they bound.
using System.Text;

namespace FastLb.Model.Tests;

public sealed class MapSizeKeysTests
{
    // Ceilings 64 / 4096 as TestLimits, defaults below them as the data plane gives.
    private static readonly ConfigLimits Limits = TestLimits.Default with { DefaultServices = 8, DefaultReals = 32 };

    private static FastLbConfig Parse(string yaml) => ConfigLoader.Parse(yaml, "t.yaml", Limits);

    private static string[] Errors(string yaml) =>
        [.. Assert.Throws<ConfigException>(() => Parse(yaml)).Errors.Select(e => e.ToString())];

    private static string Services(int services, int realsEach)
    {
        var sb = new StringBuilder("services:\n");
        for (var s = 0; s < services; s++)
        {
            sb.Append($"  - {{name: s{s}, vip: 203.0.113.{s + 1}, port: 80, ring-size: 13, reals: [");
            sb.Append(string.Join(", ", Enumerable.Range(0, realsEach).Select(r => $"{{address: 192.0.2.{r + 1}, mac: 02:00:00:00:00:{r + 1:x2}}}")));
            sb.Append("]}\n");
        }
        return sb.ToString();
    }

    [Theory]
    // Absent: the data plane's defaults (this test's limits), located at the file's start.
    [InlineData("", 8, 32, "max-services", 1)]
    [InlineData("max-services: 64\nmax-reals: 4096\n", 64, 4096, "max-reals", 3)]
    public void Sizes_AreReadWithTheirLocation(string keys, int services, int reals, string located, int line)
    {
        var c = Parse($"interface: veth0\n{keys}services: []\n");
        Assert.Equal(services, c.MaxServices);
        Assert.Equal(reals, c.MaxReals);
        Assert.Equal(new ConfigLocation("t.yaml", line, 1), c.LocationOf(located));
    }

    [Theory]
    [InlineData("max-services: 0", "t.yaml:2:15: 'max-services' must be in 1..64, got 0")]
    [InlineData("max-services: 65", "t.yaml:2:15: 'max-services' must be in 1..64, got 65")]
    [InlineData("max-reals: 4097", "t.yaml:2:12: 'max-reals' must be in 1..4096, got 4097")]
    [InlineData("max-reals: lots", "t.yaml:2:12: 'max-reals' must be an integer, got 'lots'")]
    public void OutOfRange_RefusedAtTheValue(string line, string expected)
    {
        Assert.Equal([expected], Errors($"interface: veth0\n{line}\nservices: []\n"));
    }

    [Fact]
    public void MoreServicesThanMaxServices_RefusedSayingWhichKeyToRaise()
    {
        Assert.Equal(["t.yaml:3:3: too many services: 9 (the data plane holds at most 8; set 'max-services', up to 64)"],
            Errors("interface: veth0\n" + Services(9, 1)));
        Assert.Equal(["t.yaml:4:3: too many services: 3 (the data plane holds at most 2; raise 'max-services', up to 64)"],
            Errors("interface: veth0\nmax-services: 2\n" + Services(3, 1)));
        Assert.Equal(9, Parse("interface: veth0\nmax-services: 9\n" + Services(9, 1)).Services.Count);
    }

    [Fact]
    public void MoreRealsThanMaxReals_RefusedSayingWhichKeyToRaise()
    {
        Assert.Equal(["t.yaml:4:3: too many reals: 12 in total, backups included (the data plane holds at most 10; raise 'max-reals', up to 4096)"],
            Errors("interface: veth0\nmax-reals: 10\n" + Services(3, 4)));
        Assert.Equal(12, Parse("interface: veth0\nmax-reals: 12\n" + Services(3, 4)).Services.Sum(s => s.Reals.Count));
    }
}
