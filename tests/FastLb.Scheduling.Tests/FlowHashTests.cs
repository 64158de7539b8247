// Known answers for the flow hash; the vectors come from a C build of the kernel's jhash2.

namespace FastLb.Scheduling.Tests;

public sealed class FlowHashTests
{
    // Words 0x01020304 * (i + 1), i = 0..9.
    private static uint[] Words() => Enumerable.Range(1, 10).Select(i => unchecked(0x01020304u * (uint)i)).ToArray();

    [Theory]
    [InlineData(0, 0u, 0xdeadbeefu)]
    [InlineData(1, 0u, 0xec5b1971u)]
    [InlineData(2, 0u, 0x7d9f9502u)]
    [InlineData(3, 0u, 0x6c07eea8u)]
    [InlineData(4, 0u, 0x4aa647c0u)]
    [InlineData(6, 0u, 0x281a9248u)]
    [InlineData(7, 0u, 0x6b104285u)]
    [InlineData(10, 0u, 0x9dfc13d6u)]
    [InlineData(0, 0x46a57b1du, 0x25533a0cu)]
    [InlineData(5, 0x46a57b1du, 0xe50bb8e8u)]
    [InlineData(9, 0x46a57b1du, 0x4cd36ec2u)]
    [InlineData(10, 0x46a57b1du, 0x51ab78fdu)]
    public void Jhash2_KernelVectors_MatchCImplementation(int length, uint initval, uint expected)
    {
        Assert.Equal(expected, FlowHash.Jhash2(Words().AsSpan(0, length), initval));
    }

    [Fact]
    public void Jhash2_DifferentInitval_DifferentHash()
    {
        Assert.NotEqual(FlowHash.Jhash2(Words(), 0), FlowHash.Jhash2(Words(), 1));
    }

    [Fact]
    public void OfFlowKey_Ipv4TcpKey_MatchesCImplementation()
    {
        // 198.51.100.7:40000 -> 203.0.113.10:80, tcp, AF_INET; layout of struct fastlb_flow_key.
        byte[] key = Convert.FromHexString("c6336407000000000000000000000000cb00710a0000000000000000000000009c40005006020000");
        Assert.Equal(0x6875cabfu, FlowHash.OfFlowKey(key));
    }

    [Fact]
    public void OfFlowKey_Ipv6UdpKey_MatchesCImplementation()
    {
        // [2001:db8::7]:51234 -> [2001:db8::a]:443, udp, AF_INET6.
        byte[] key = Convert.FromHexString("20010db800000000000000000000000720010db800000000000000000000000ac82201bb110a0000");
        Assert.Equal(0x33d834ceu, FlowHash.OfFlowKey(key));
    }

    [Fact]
    public void OfFlowKey_OneBitChanged_DifferentHash()
    {
        byte[] key = Convert.FromHexString("c6336407000000000000000000000000cb00710a0000000000000000000000009c40005006020000");
        key[32] ^= 1;
        Assert.NotEqual(0x6875cabfu, FlowHash.OfFlowKey(key));
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
