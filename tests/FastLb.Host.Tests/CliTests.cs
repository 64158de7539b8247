// `fastlb check` and the command line: exit codes and what goes to stdout and stderr.
using System.Text.Json;
using Xunit;
using static FastLb.Host.Tests.CliRun;

namespace FastLb.Host.Tests;

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

    // Line 5: a port out of range; line 8: a weight out of range.
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
        var (exit, stdout, stderr) = await RunAsync("check", "--config", path);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var lines = Lines(stderr);
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
        Assert.Equal((0, $"{path}: ok (1 services, 2 reals)\n", ""), await RunAsync("check", "-c", path));
    }

    [Fact]
    public async Task Check_Json_GivesTheVerdictAndEveryErrorWithItsLocation()
    {
        var bad = Write("bad.yaml", TwoMistakes);
        var (exit, stdout, stderr) = await RunAsync("check", "--config", bad, "--json");
        Assert.Equal((1, ""), (exit, stderr));
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
            var errors = doc.RootElement.GetProperty("errors").EnumerateArray().ToArray();
            Assert.Equal([5, 8], errors.Select(e => e.GetProperty("line").GetInt32()));
            Assert.All(errors, e => Assert.Equal(bad, e.GetProperty("file").GetString()));
            Assert.Contains("port", errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains("weight", errors[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var good = Write("good.yaml", Good);
        (exit, stdout, stderr) = await RunAsync("check", "-c", good, "--json");
        Assert.Equal((0, ""), (exit, stderr));
        using var ok = JsonDocument.Parse(stdout);
        Assert.True(ok.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal((1, 2), (ok.RootElement.GetProperty("services").GetInt32(), ok.RootElement.GetProperty("reals").GetInt32()));
        Assert.Empty(ok.RootElement.GetProperty("errors").EnumerateArray());
    }

    /// <summary>check and run alike: a missing file is named and exits 1 (run: before starting anything).</summary>
    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    public async Task MissingFile_NamesItAndExits1(string command)
    {
        var path = Path.Combine(_dir, "absent.yaml");
        var (exit, stdout, stderr) = await RunAsync(command, "--config", path);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{path}:0:0: cannot read configuration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NoConfigOption_Exits2WithMessage()
    {
        await AssertRefusedAsync(["fastlb check: Option '--config' is required.", "see 'fastlb check --help'"], "check");
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    public async Task Config_EmptyPath_Exits2WithClearError(string command)
    {
        await AssertRefusedAsync([$"fastlb {command}: --config needs a file name, not an empty string", $"see 'fastlb {command} --help'"], command, "--config", "");
    }

    [Theory]
    [InlineData("check", "--once")]
    [InlineData("check", "--requests")]
    [InlineData("run", "--once")]
    [InlineData("run", "--mode")]
    public async Task Command_OptionOfAnotherCommand_Exits2NamingIt(string command, string option)
    {
        var path = Write("good.yaml", Good);
        await AssertRefusedAsync([$"fastlb {command}: Unrecognized command or argument '{option}'.", $"see 'fastlb {command} --help'"], command, "--config", path, option);
    }

    [Fact]
    public async Task Demo_ConfigOption_Exits2NamingIt()
    {
        var (exit, _, stderr) = await RunAsync("demo", "--config", "x.yaml");
        Assert.Equal(2, exit);
        Assert.StartsWith("fastlb demo: Unrecognized command or argument '--config'.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_Exits2NamingIt()
    {
        var (exit, stdout, stderr) = await RunAsync("frobnicate");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("fastlb: unknown command 'frobnicate'\n", stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:\n  fastlb [command] [options]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OptionMissingItsValue_Exits2NamingIt()
    {
        var (exit, stdout, stderr) = await RunAsync("check", "--config");
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal("fastlb check: Required argument missing for option: '--config'.", Lines(stderr)[0]);
    }

    [Fact]
    public async Task RunAsync_NoArguments_PrintsOverviewAndExits2()
    {
        var (exit, stdout, stderr) = await RunAsync();
        Assert.Equal(2, exit);
        Assert.Equal("", stderr);
        Assert.Contains("Usage:\n  fastlb [command] [options]", stdout, StringComparison.Ordinal);
        Assert.Equal(["run", "check", "demo", "decap", "stop", "status", "services", "reals", "drain", "undrain", "weight", "reload", "explain", "doctor", "top"], CommandsListed(stdout));
    }

    [Fact]
    public async Task RunAsync_Help_PrintsOverviewAndExits0()
    {
        var (exit, stdout, stderr) = await RunAsync("--help");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal(["run", "check", "demo", "decap", "stop", "status", "services", "reals", "drain", "undrain", "weight", "reload", "explain", "doctor", "top"], CommandsListed(stdout));
    }

    [Theory]
    [InlineData("run", "--config <FILE>", "--once")]
    [InlineData("check", "--config <FILE> (REQUIRED)", "--requests")]
    [InlineData("demo", "--mode <dsr-l2|routed|transparent|dsr-ipip|dsr-gue>", "--config")]
    public async Task Command_Help_ListsItsOwnOptionsOnly(string command, string own, string foreign)
    {
        var (exit, stdout, stderr) = await RunAsync(command, "--help");
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains($"Usage:\n  fastlb {command} [options]", stdout, StringComparison.Ordinal);
        Assert.Contains(own, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign, stdout, StringComparison.Ordinal);
    }

    // The "Commands:" section of the overview: the first word of each line below it.
    private static string[] CommandsListed(string help) =>
        [.. help[(help.IndexOf("Commands:\n", StringComparison.Ordinal) + "Commands:\n".Length)..]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(' ')[0])];
}
