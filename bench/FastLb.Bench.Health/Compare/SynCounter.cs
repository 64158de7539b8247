// Counts connection attempts (SYNs) to the target ports with an nftables counter: every check of either checker is one.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FastLb.Bench.Health.Compare;

/// <summary>
/// A table of its own (named by this process's PID, removed on dispose) with one counter on the
/// output hook: a TCP SYN without ACK to the target ports on loopback. HAProxy's tcp check
/// resets the connection before nginx accepts it, so nginx's own counters would miss it.
/// </summary>
public sealed partial class SynCounter : IDisposable
{
    private readonly string _table;

    private SynCounter(string table) => _table = table;

    public static SynCounter Start(int firstPort, int lastPort)
    {
        var table = $"fastlb_bench_{Environment.ProcessId}";
        Nft($"add table inet {table}");
        var counter = new SynCounter(table);
        try
        {
            Nft($"add counter inet {table} syns");
            Nft($"add chain inet {table} out {{ type filter hook output priority 0; policy accept; }}");
            Nft($"add rule inet {table} out oif lo tcp dport {firstPort}-{lastPort} tcp flags & (syn | ack) == syn counter name syns");
            return counter;
        }
        catch
        {
            counter.Dispose();
            throw;
        }
    }

    public long Read()
    {
        var text = Nft($"list counter inet {_table} syns");
        var m = Packets().Match(text);
        return m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"no packet count in: {text}");
    }

    public void Dispose() => Nft($"delete table inet {_table}");

    private static string Nft(string command)
    {
        var info = new ProcessStartInfo("nft") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(command);
        using var p = Process.Start(info) ?? throw new InvalidOperationException("could not run nft");
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"nft '{command}' failed: {error.Trim()}");
    }

    [GeneratedRegex(@"packets (\d+)")]
    private static partial Regex Packets();
}
