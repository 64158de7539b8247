// The admin commands' command line: each has --help with --json and --instance, and says so when no controller answers.
using Xunit;
using static FastLb.Host.Tests.CliRun;

namespace FastLb.Host.Tests;

public sealed class AdminCommandLineTests
{
    [Theory]
    [InlineData("status")]
    [InlineData("services")]
    [InlineData("reals")]
    [InlineData("drain")]
    [InlineData("undrain")]
    [InlineData("weight")]
    [InlineData("reload")]
    [InlineData("explain")]
    [InlineData("top")]
    public async Task Help_ListsJsonAndInstance(string command)
    {
        var (exit, stdout, stderr) = await RunAsync(command, "--help");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("--json", stdout, StringComparison.Ordinal);
        Assert.Contains("--instance", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("--config", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("reals")]
    public async Task NoController_SaysWhichSocketAndExits1(string command)
    {
        var instance = "t" + Guid.NewGuid().ToString("N")[..12];
        var (exit, stdout, stderr) = await RunAsync(command, "--instance", instance);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal([$"fastlb {command}: no controller answers on /run/fastlb/{instance}.sock (is 'fastlb run' running for instance '{instance}'?)"], Lines(stderr));
    }

    [Theory]
    [InlineData("REAL", "drain", "web")]
    [InlineData("WEIGHT", "weight", "web", "r1")]
    public async Task MissingArguments_UsageError(string missing, params string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"fastlb {args[0]}: Required argument '{missing}' missing", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("198.51.100.7", "203.0.113.10:80/tcp", "fastlb explain: client '198.51.100.7' is not ADDRESS:PORT")]
    [InlineData("198.51.100.7:4000", "203.0.113.10:80/sctp", "fastlb explain: destination '203.0.113.10:80/sctp' is not VIP:PORT/tcp or VIP:PORT/udp")]
    [InlineData("198.51.100.7:4000", "[2001:db8::10]:80/tcp", "fastlb explain: client 198.51.100.7 and VIP 2001:db8::10 are of different families")]
    public async Task Explain_BadFlow_UsageErrorNamingIt(string client, string vip, string error)
    {
        await AssertRefusedAsync([error], "explain", client, vip);
    }

    [Fact]
    public async Task Explain_NoPinnedMaps_SaysSo()
    {
        var instance = "t" + Guid.NewGuid().ToString("N")[..12];
        var (exit, _, stderr) = await RunAsync("explain", "198.51.100.7:4000", "203.0.113.10:80/tcp", "--instance", instance);
        Assert.Equal(1, exit);
        Assert.Equal([$"fastlb explain: instance '{instance}' has no pinned maps in /sys/fs/bpf/fastlb/{instance}: is it running?"], Lines(stderr));
    }
}
