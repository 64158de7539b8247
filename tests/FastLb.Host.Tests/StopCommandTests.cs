// `fastlb stop`: --detach is required, the instance name is checked, an instance with nothing pinned is reported as such.
using Xunit;
using static FastLb.Host.Tests.CliRun;

namespace FastLb.Host.Tests;

public sealed class StopCommandTests
{
    [Fact]
    public async Task Stop_WithoutDetach_RefusedWithTheWayToStopForwarding()
    {
        await AssertRefusedAsync(["fastlb stop: say --detach to remove forwarding (a controller stops with SIGTERM and leaves forwarding running)"], "stop");
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a b")]
    [InlineData("")]
    public async Task Stop_BadInstance_UsageError(string instance)
    {
        var (exit, stdout, stderr) = await RunAsync("stop", "--detach", "--instance", instance);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"fastlb stop: --instance '{instance}' is not an instance name (1 to 64 letters, digits, '-', '_', '.')", Lines(stderr)[0]);
    }

    [Fact]
    public async Task StopDetach_NothingPinned_SaysSoAndExits0()
    {
        var instance = "t" + Guid.NewGuid().ToString("N")[..12];
        var (exit, stdout, stderr) = await RunAsync("stop", "--detach", "--instance", instance);
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal([$"instance '{instance}': nothing pinned, nothing attached"], Lines(stdout));
    }

    [Fact]
    public async Task Stop_Help_ListsDetachAndInstance()
    {
        var (exit, stdout, _) = await RunAsync("stop", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("--detach", stdout, StringComparison.Ordinal);
        Assert.Contains("--instance", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--config", stdout, StringComparison.Ordinal);
    }
}
