// Seeded random mutations of a valid file: each either loads or is refused with located ConfigErrors, never another exception.

namespace FastLb.Model.Tests;

public sealed class ConfigFuzzTests
{
    private const string Valid = """
        interface: veth0
        inside-interface: veth1
        services:
          - name: web
            vip: 203.0.113.10
            port: 80
            mode: routed
            snat: 203.0.113.200
            snat-ports: 1024-65535
            check: &c {type: http, path: /health, headers: {X-A: b}, status: [200, 204], interval: 2s, timeout: 1s}
            reals:
              - {address: 192.0.2.11, port: 8080, weight: 2}
              - {address: 192.0.2.12, check: {type: dns, query: example.test, path: ~, headers: ~, status: ~}}
          - name: dns
            vip: 203.0.113.11
            port: 53
            protocol: udp
            mode: routed
            check: *c
            reals: [{address: 192.0.2.13}]
        """;

    private static readonly string[] Insertions = ["[", "]", "{", "}", "&a ", "*a", "- ", ": ", "\n", "\t", "'", "\"", "#", "? ", "!!", "|", ">", "\0", "\\x", "0x", "\u2028", "---\n", "%YAML 1.2\n"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Parse_MutatedValidFile_LoadsOrRefusedWithLocatedErrors(int seed)
    {
        // The file before mutation loads whole: both services, three reals.
        Assert.Equal([("web", 2), ("dns", 1)], ConfigLoader.Parse(Valid, "f.yaml", TestLimits.Default).Services.Select(s => (s.Name, s.Reals.Count)));
        var random = new Random(seed);
        int refused = 0;
        for (int i = 0; i < 1500; i++)
        {
            string text = Mutate(Valid, random, 1 + random.Next(4));
            try
            {
                ConfigLoader.Parse(text, "f.yaml", TestLimits.Default);
            }
            catch (ConfigException ex)
            {
                refused++;
                Assert.NotEmpty(ex.Errors);
                Assert.All(ex.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, $"not located: {e}\n--- input:\n{text}"));
                Assert.Equal(ex.Errors.Count, ex.Message.Split('\n').Length);
            }
        }

        // Most mutations break something; the loop is not only feeding valid files.
        Assert.True(refused > 750, $"only {refused} of 1500 mutations refused");
    }

    private static string Mutate(string text, Random random, int count)
    {
        for (int n = 0; n < count && text.Length > 0; n++)
        {
            int at = random.Next(text.Length);
            text = random.Next(4) switch
            {
                0 => text.Remove(at, Math.Min(1 + random.Next(8), text.Length - at)),
                1 => text.Insert(at, Insertions[random.Next(Insertions.Length)]),
                2 => text[..at],
                _ => text.Remove(at, 1).Insert(at, ((char)random.Next(32, 127)).ToString()),
            };
        }

        return text;
    }
}
