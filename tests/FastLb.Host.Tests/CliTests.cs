// `fastlb check` and the command line: exit codes and what goes to stdout and stderr.
using FastLb.Host;
using Xunit;

namespace FastLb.Host.Tests;

[Collection("console")]
public sealed class CliTests : IDisposable
{
    private const string Good = """
        interface: eth0
        services:
          - name: web
            vip: 203.0.113.10
            port: 80
            reals:
              - {address: 192.0.2.11, mac: "02:00:00:00:00:11"}
              - {address: 192.0.2.12, mac: "02:00:00:00:00:12"}
        """;

    // Line 5: a VIP that is not an address; line 8: a weight out of range.
    private const string TwoMistakes = """
        interface: eth0
        services:
          - name: web
            vip: 203.0.113.10
            port: 99999
            reals:
              - {address: 192.0.2.11, mac: "02:00:00:00:00:11"}
              - {address: 192.0.2.12, mac: "02:00:00:00:00:12", weight: -1}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("fastlb-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Check_TwoMistakes_PrintsBothWithLocationAndExits1()
    {
        var path = Write("bad.yaml", TwoMistakes);
        var (exit, stdout, stderr) = await ConsoleCapture.RunAsync(() => Cli.RunAsync(["check", "--config", path]));
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{path}:5:", lines[0], StringComparison.Ordinal);
        Assert.Contains("port", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{path}:8:", lines[1], StringComparison.Ordinal);
        Assert.Contains("weight", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"^.+:\d+:\d+: .+$", lines[0]);
        Assert.Matches(@"^.+:\d+:\d+: .+$", lines[1]);
    }

    [Fact]
    public async Task Check_GoodFile_PrintsOkAndExits0()
    {
        var path = Write("good.yaml", Good);
        var (exit, stdout, stderr) = await ConsoleCapture.RunAsync(() => Cli.RunAsync(["check", "-c", path]));
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal($"{path}: ok (1 services, 2 reals)", stdout.TrimEnd());
    }

    [Fact]
    public async Task Check_MissingFile_NamesItAndExits1()
    {
        var path = Path.Combine(_dir, "absent.yaml");
        var (exit, _, stderr) = await ConsoleCapture.RunAsync(() => Cli.RunAsync(["check", "--config", path]));
        Assert.Equal(1, exit);
        Assert.StartsWith($"{path}:0:0: cannot read configuration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NoConfigOption_Exits2WithMessage()
    {
        var (exit, _, stderr) = await ConsoleCapture.RunAsync(() => Cli.RunAsync(["check"]));
        Assert.Equal(2, exit);
        Assert.Contains("--config FILE is required", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_Exits2NamingIt()
    {
        var (exit, stdout, stderr) = await ConsoleCapture.RunAsync(() => Cli.RunAsync(["frobnicate"]));
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("fastlb: unknown command 'frobnicate'", stderr, StringComparison.Ordinal);
        Assert.Contains("usage: fastlb", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_Exits2NamingIt()
    {
        var path = Write("good.yaml", Good);
        var (exit, stdout, stderr) = await ConsoleCapture.RunAsync(() => Cli.RunAsync(["check", "--config", path, "--verbose"]));
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal("fastlb: unknown or incomplete option '--verbose'", stderr.TrimEnd());
    }

    [Fact]
    public async Task RunAsync_OptionMissingItsValue_Exits2NamingIt()
    {
        var (exit, _, stderr) = await ConsoleCapture.RunAsync(() => Cli.RunAsync(["check", "--config"]));
        Assert.Equal(2, exit);
        Assert.Equal("fastlb: unknown or incomplete option '--config'", stderr.TrimEnd());
    }

    [Fact]
    public async Task RunAsync_NoArguments_PrintsUsageAndExits2()
    {
        var (exit, stdout, _) = await ConsoleCapture.RunAsync(() => Cli.RunAsync([]));
        Assert.Equal(2, exit);
        Assert.StartsWith("usage: fastlb", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsageAndExits0()
    {
        var (exit, stdout, _) = await ConsoleCapture.RunAsync(() => Cli.RunAsync(["--help"]));
        Assert.Equal(0, exit);
        Assert.StartsWith("usage: fastlb", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("many")]
    public void CliOptionsParse_BadRequests_ErrorNamesValue(string value)
    {
        var o = CliOptions.Parse(["--requests", value]);
        Assert.Equal($"--requests needs a positive number, not '{value}'", o.Error);
    }

    [Fact]
    public void CliOptionsParse_AllOptions_Parsed()
    {
        var o = CliOptions.Parse(["--config", "x.yaml", "--requests", "12", "--once"]);
        Assert.Equal(new CliOptions("x.yaml", 12, true, null), o);
    }
}
