namespace FastLb.Reconciler.Tests;

public sealed class KernelTickTests
{
    [Fact]
    public void HzIn_ReadsConfigHz_ZeroWhenAbsentOrBad()
    {
        Assert.Equal(250, KernelTick.HzIn(["# CONFIG_HZ_100 is not set", "CONFIG_HZ_250=y", "CONFIG_HZ=250"]));
        Assert.Equal(0, KernelTick.HzIn(["CONFIG_HZ_1000=y", "CONFIG_NO_HZ=y"]));
        Assert.Equal(0, KernelTick.HzIn(["CONFIG_HZ=abc"]));
    }

    [Fact]
    public void TickAndStart_FollowTheKernel_OrBothZero()
    {
        if (KernelTick.Ns == 0)
        {
            Assert.Equal(0ul, KernelTick.JiffiesStart);
            return;
        }
        var hz = (long)Math.Round(1e9 / KernelTick.Ns);
        Assert.Equal((ulong)((1_000_000_000L + hz / 2) / hz), KernelTick.Ns);
        Assert.Equal((ulong)unchecked((uint)(-300 * hz)), KernelTick.JiffiesStart);
    }
}
