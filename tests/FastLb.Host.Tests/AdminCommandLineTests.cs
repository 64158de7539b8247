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
}
