namespace FastLb.PacketTests.Algorithms;

/// <summary>Hash on chosen fields: equal field values, equal real, over thousands of flows; the five-field hash spreads one client.</summary>
public sealed class HashTests
{
    [RootFact]
    public void HashOnSrcIp_200ClientsTimes10Ports_EachClientOnOneReal_ClientsSpread()
    {
        using var p = new AlgoPlane("    algorithm: hash\n    hash-fields: [src-ip]\n", AlgoPlane.Reals(1, 1, 1));
        var realOf = new Dictionary<int, string>();
        for (var c = 0; c < 200; c++)
        {
            var client = new System.Net.IPAddress(new byte[] { 198, 51, 100, (byte)c });
            for (ushort port = 0; port < 10; port++)
            {
                var real = p.Send(client, (ushort)(5000 + (port * 7)))!;
                Assert.Equal(realOf.TryAdd(c, real) ? real : realOf[c], real);
            }
        }
        var perReal = realOf.Values.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, perReal.Count);
        Assert.All(perReal.Values, n => Assert.InRange(n, 40, 100)); // 200 / 3 each, loosely
    }

    [RootFact]
    public void HashAllFields_OneClientManyPorts_SpreadOverReals()
    {
        using var p = new AlgoPlane("    algorithm: hash\n", AlgoPlane.Reals(1, 1, 1));
        var client = AlgoPlane.Client(5);
        var reals = Enumerable.Range(0, 300).Select(i => p.Send(client, (ushort)(6000 + i))).ToHashSet();
        Assert.Equal(3, reals.Count);
    }

    [RootFact]
    public void HashOnSrcIpAndDstPort_SameAsMaglevOfMaskedKey_MatchesPlannerRing()
    {
        // The data plane's pick is the ring slot of the hash of the masked key: computed here the same way.
        using var p = new AlgoPlane("    algorithm: hash\n    hash-fields: [src-ip, dst-port]\n", AlgoPlane.Reals(1, 1, 1, 1));
        for (var c = 0; c < 100; c++)
        {
            var client = new System.Net.IPAddress(new byte[] { 198, 51, 100, (byte)c });
            var expected = p.RingReal(Interop.Abi.FlowKey.Create(client, 0, System.Net.IPAddress.Any, 80, 0));
            Assert.Equal(expected, p.Send(client, (ushort)(7000 + c)));
        }
    }
}
