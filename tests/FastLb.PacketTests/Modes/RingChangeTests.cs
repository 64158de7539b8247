namespace FastLb.PacketTests.Modes;

/// <summary>A ring change that takes a real out of new flows (weight 0: draining) keeps its pinned
/// flows on it, in every mode.</summary>
[Collection(ModesCollection.Name)]
public sealed class RingChangeTests(ModesFixture fx)
{
    private const string RealA = "{name: a, address: 192.0.2.11, mac: \"02:00:00:00:00:11\"}";

    [RootTheory]
    [InlineData("d4-two", "203.0.113.66")]
    [InlineData("r4-two", "203.0.113.46")]
    [InlineData("t4-two", "203.0.113.56")]
    public void RealDrained_PinnedFlowKeepsIt_NewFlowsNeverGetIt(string service, string vip)
    {
        fx.Fresh();
        var original = fx.Config;
        var sport = Enumerable.Range(41000, 100).Select(p => (ushort)p).First(p => RealOf(vip, p) == RealMac);
        try
        {
            var lines = Yaml.Split('\n').Select(l => l.Contains($"name: {service},", StringComparison.Ordinal) ? l.Replace(RealA, RealA[..^1] + ", weight: 0}", StringComparison.Ordinal) : l);
            fx.Apply(TestPlane.Config(string.Join('\n', lines), Specs));
            Assert.Contains(fx.Plane.Real(service, "a").Index, fx.Plane.Plan.Services.Single(s => s.Config.Name == service).Reals.Where(r => !r.InRing).Select(r => r.Index));

            Assert.Equal(RealMac, RealOf(vip, sport)); // pinned: still a
            for (ushort p = 42000; p < 42040; p++)
            {
                Assert.Equal(Real13Mac, RealOf(vip, p)); // new flows: only b
            }
        }
        finally
        {
            fx.Apply(original);
        }
    }

    // The destination MAC the flow's next packet leaves with: the real's in every mode.
    private string RealOf(string vip, ushort sport)
    {
        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, "198.51.100.7", vip, sport, 80));
        Assert.True(verdict is XdpAction.Tx or XdpAction.Redirect, $"{vip}: {verdict}");
        return MacAddress.Read(output).ToString();
    }
}
