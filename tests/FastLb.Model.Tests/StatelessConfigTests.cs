// `stateless:` read in the DSR modes with a hash algorithm, refused where a flow or client needs state.

namespace FastLb.Model.Tests;

public sealed class StatelessConfigTests
{
    private const string Head = "interface: veth0\nencap-source: {v4: 198.51.100.2}\nservices:\n  - name: dns\n    vip: 203.0.113.10\n    port: 53\n    protocol: udp\n";
    private const string MacReals = "    reals:\n      - {address: 192.0.2.11, mac: 02:00:00:00:00:11}\n";
    private const string Reals = "    reals:\n      - {address: 192.0.2.11}\n";

    private static ServiceConfig Parse(string keys, string reals = MacReals) =>
        ConfigLoader.Parse(Head + keys + reals, "t.yaml", TestLimits.Default).Services[0];

    private static string[] Errors(string keys, string reals = MacReals) =>
        [.. Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Head + keys + reals, "t.yaml", TestLimits.Default)).Errors.Select(e => e.ToString())];

    [Fact]
    public void Parse_NotGiven_Stateful()
    {
        Assert.False(Parse("").Stateless);
    }

    [Theory]
    [InlineData("    stateless: true\n", MacReals)]
    [InlineData("    algorithm: hash\n    hash-fields: [src-ip]\n    stateless: true\n", MacReals)]
    [InlineData("    mode: dsr-ipip\n    stateless: true\n", Reals)]
    [InlineData("    mode: dsr-gue\n    stateless: true\n", Reals)]
    public void Parse_DsrWithAHash_Stateless(string keys, string reals)
    {
        Assert.True(Parse(keys, reals).Stateless);
    }

    [Theory]
    [InlineData("round-robin")]
    [InlineData("weighted-least-connections")]
    [InlineData("sticky")]
    public void Parse_WithAnAlgorithmThatKeepsState_RefusedAtTheKey(string algorithm)
    {
        Assert.Equal([$"t.yaml:9:5: 'stateless' needs algorithm maglev or hash, not {algorithm}, which keeps state per flow or client (remove it, or change 'algorithm')"],
            Errors($"    algorithm: {algorithm}\n    stateless: true\n"));
    }

    [Theory]
    [InlineData("routed")]
    [InlineData("transparent")]
    public void Parse_InANatMode_Refused(string mode)
    {
        var errors = Errors($"    mode: {mode}\n    stateless: true\n", Reals);
        Assert.Contains(errors, e => e.StartsWith("t.yaml:9:5: ", StringComparison.Ordinal) && e.Contains("'stateless'", StringComparison.Ordinal) && e.Contains($"not in {mode}", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_StatelessFalseWithRoundRobin_Accepted()
    {
        Assert.False(Parse("    algorithm: round-robin\n    stateless: false\n").Stateless);
    }
}
