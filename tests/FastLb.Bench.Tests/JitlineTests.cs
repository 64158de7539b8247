// fastlb-jitline names the source line of an address perf reports in a loaded BPF program, and says
// plainly when it cannot.
using System.Text.RegularExpressions;
using FastLb.Interop;
using FastLb.Interop.Bpf;
using FastLb.Lab;
using FastLb.Testing;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class JitlineTests
{
    private static (int Status, string Out, string Err) Jitline(params string[] args) =>
        Command.TryRun(Path.Combine(NativePaths.Directory, "fastlb-jitline"), args);

    /// <summary>The program's id and its kernel symbol (bpf_prog_TAG_NAME), from the fd's fdinfo.</summary>
    private static (string Id, string Symbol) Identify(int fd, string name)
    {
        var info = File.ReadAllLines($"/proc/self/fdinfo/{fd}");
        string Field(string key) => info.Single(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim();
        return (Field("prog_id"), $"bpf_prog_{Field("prog_tag")}_{name}");
    }

    /// <summary>Loads the MAC-swap baseline: a small program built with line info.</summary>
    private static (BpfObject Obj, string Id, string Symbol) LoadMacswap()
    {
        Privileges.RequireRoot();
        var obj = BpfObject.Open(NativePaths.BpfObject("xdp_macswap"));
        obj.Load();
        var (id, symbol) = Identify(obj.Program("xdp_macswap").Fd, "xdp_macswap");
        return (obj, id, symbol);
    }

    [RootFact]
    public void Jitline_LoadedProgram_NamesFirstAndLastLineRecords()
    {
        var (obj, id, symbol) = LoadMacswap();
        using var _ = obj;

        var (status, output, error) = Jitline(id, symbol + "+0x0", symbol + "+0x1000");

        Assert.True(status == 0, error);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal($"{symbol}+0x0\txdp_macswap.bpf.c:8\tint xdp_macswap(struct xdp_md *ctx)", lines[0]);
        // Past its end, an address maps to the program's last line record (perf never reports one
        // there): the last line bpftool's own dump of the program names, with its text.
        var last = Regex.Matches(Command.Run("bpftool", "prog", "dump", "xlated", "id", id, "linum"),
            @"^; (.*) \[file:\S*/(\S+) line_num:(\d+) ", RegexOptions.Multiline)[^1];
        var (text, file, line) = (last.Groups[1].Value, last.Groups[2].Value, last.Groups[3].Value);
        Assert.Equal("21", line); // the closing brace, after the function's last statement (line 19)
        Assert.Equal($"{symbol}+0x1000\t{file}:{line}\t{text.Trim()}", lines[1]);
    }

    [RootFact]
    public void Jitline_TwoLoadsOfOneObject_EachResolvedInItsOwnProgram()
    {
        // Both loads have the same tag, so /proc/kallsyms lists the symbol name twice.
        var (a, idA, symbolA) = LoadMacswap();
        using var _a = a;
        var (b, idB, symbolB) = LoadMacswap();
        using var _b = b;
        Assert.Equal(symbolA, symbolB);

        foreach (var id in new[] { idA, idB })
        {
            var (status, output, error) = Jitline(id, symbolA + "+0x0");

            Assert.True(status == 0, error);
            Assert.Equal($"{symbolA}+0x0\txdp_macswap.bpf.c:8\tint xdp_macswap(struct xdp_md *ctx)", output.TrimEnd());
        }
    }

    [RootFact]
    public void Jitline_SymbolNotLoaded_FailsNamingIt()
    {
        var (obj, id, _) = LoadMacswap();
        using var _ = obj;

        var (status, output, error) = Jitline(id, "bpf_prog_0000000000000000_gone+0x10");

        Assert.Equal(1, status);
        Assert.Equal("", output);
        Assert.Contains("bpf_prog_0000000000000000_gone: no such kernel symbol", error);
    }

    [Fact]
    public void Jitline_NoArguments_PrintsUsage()
    {
        var (status, _, error) = Jitline();

        Assert.Equal(2, status);
        Assert.StartsWith("usage: fastlb-jitline PROG_ID SYMBOL+0xOFFSET", error, StringComparison.Ordinal);
    }
}
