using System.Text;
using FastLb.Lab;

namespace FastLb.Bench;

/// <summary>
/// What the packet-rate lab looks like now, for a row that counted nothing: each veth's XDP
/// program, counters and per-queue XDP statistics, and the balancer's NAPI threads (state, CPU,
/// run time), so the report can say where the frames stopped.
/// </summary>
public static class E2eLabState
{
    public static string Describe(E2eLab lab)
    {
        var text = new StringBuilder();
        foreach (var (ns, ifname) in new[] { (lab.Generator, lab.GeneratorInterface), (lab.Balancer, lab.OutsideInterface), (lab.Balancer, lab.InsideInterface), (lab.Reals, lab.RealsInterface) })
        {
            text.Append(Try(() => ns.Ip("-s", "-d", "link", "show", ifname)));
            text.Append(Try(() => ns.Exec("sh", "-c", $"echo threaded=$(cat /sys/class/net/{ifname}/threaded); ethtool -S {ifname} | grep -v ': 0$'")));
        }
        foreach (var ifname in new[] { lab.OutsideInterface, lab.InsideInterface })
        {
            foreach (var pid in CpuPlacement.NapiThreads(ifname))
            {
                text.Append(Try(() =>
                {
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var allowed = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list", StringComparison.Ordinal));
                    return $"{File.ReadAllText($"/proc/{pid}/comm").Trim()} pid {pid}: state {fields[0]}, last cpu {fields[36]}, {allowed}, schedstat {File.ReadAllText($"/proc/{pid}/schedstat").Trim()}\n";
                }));
            }
        }
        return text.ToString();
    }

    private static string Try(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or LabException)
        {
            return $"({e.Message})\n";
        }
    }
}
