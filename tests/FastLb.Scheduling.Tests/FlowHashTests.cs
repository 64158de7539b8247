// Known answers for the flow hash come from a host C build of bpf/lib/flow_hash.h.

namespace FastLb.Scheduling.Tests;

public sealed class FlowHashTests
{
    // 198.51.100.7:40000 -> 203.0.113.10:80, tcp, AF_INET; layout of struct fastlb_flow_key.
    private const string Ipv4TcpKey = "c6336407000000000000000000000000cb00710a0000000000000000000000009c40005006020000";

    [Theory]
    [InlineData(Ipv4TcpKey, 0x597c7eadu)]
    [InlineData("20010db800000000000000000000000720010db800000000000000000000000ac82201bb110a0000", 0x0b82df03u)] // [2001:db8::7]:51234 -> [2001:db8::a]:443, udp
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000000000000000000", 0x89b381a1u)]
    public void OfFlowKey_MatchesCImplementation(string hex, uint expected)
    {
        Assert.Equal(expected, FlowHash.OfFlowKey(Convert.FromHexString(hex)));
    }

    [Fact]
    public void OfFlowKey_EveryBitFlipped_ChangesAboutHalfTheBits()
    {
        var key = Convert.FromHexString(Ipv4TcpKey);
        var hash = FlowHash.OfFlowKey(key);
        var changed = new List<int>();
        for (var bit = 0; bit < key.Length * 8; bit++)
        {
            key[bit / 8] ^= (byte)(1 << (bit % 8));
            changed.Add(System.Numerics.BitOperations.PopCount(hash ^ FlowHash.OfFlowKey(key)));
            key[bit / 8] ^= (byte)(1 << (bit % 8));
        }
        Assert.All(changed, n => Assert.InRange(n, 4, 28));
        Assert.InRange(changed.Average(), 14.0, 18.0);
    }

    [Fact]
    public void OfFlowKey_ClientsAndPortsInSequence_SpreadEvenlyOverBuckets()
    {
        // 2^18 flows of 64 clients × 4096 source ports (what a load test opens) into 2^12 buckets by the
        // low bits, as the connection table indexes them: every bucket near the mean of 64.
        const int buckets = 1 << 12;
        var count = new int[buckets];
        var key = Convert.FromHexString(Ipv4TcpKey);
        for (var client = 0; client < 64; client++)
        {
            key[3] = (byte)client;
            for (var port = 0; port < 4096; port++)
            {
                key[32] = (byte)(port >> 8);
                key[33] = (byte)port;
                count[FlowHash.OfFlowKey(key) & (buckets - 1)]++;
            }
        }
        Assert.InRange(count.Min(), 30, 64);
        Assert.InRange(count.Max(), 64, 105);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(39)]
    [InlineData(41)]
    public void OfFlowKey_WrongLength_Throws(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => FlowHash.OfFlowKey(new byte[length]));
        Assert.Contains($"got {length}", ex.Message);
    }
}
