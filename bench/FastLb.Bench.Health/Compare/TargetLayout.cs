// Where the compare bench's targets live: 127.0.1.x addresses × consecutive ports, one nginx listener each.
using System.Net;

namespace FastLb.Bench.Health.Compare;

public static class TargetLayout
{
    /// <summary>Target k: address 127.0.1.(1 + k / ports), port base + k % ports.</summary>
    public static IReadOnlyList<IPEndPoint> EndPoints(int count, int portBase, int portsPerAddress)
    {
        var list = new IPEndPoint[count];
        for (var k = 0; k < count; k++)
        {
            var address = new IPAddress(new byte[] { 127, 0, 1, (byte)(1 + (k / portsPerAddress)) });
            list[k] = new IPEndPoint(address, portBase + (k % portsPerAddress));
        }
        return list;
    }
}
