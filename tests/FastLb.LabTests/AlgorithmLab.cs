// The L2 DSR lab with an identity echo server on every real and extra client addresses: what the
// algorithm and pool-change lab tests connect through, each starting its own controller on it.
using System.Globalization;
using System.Net;
using System.Text;
using FastLb.Reconciler;

namespace FastLb.LabTests;

public sealed class AlgorithmLab : IAsyncLifetime
{
    public const int Port = 7000;

    /// <summary>Client addresses beside the lab's own: 198.51.100.21 and on.</summary>
    public const int ExtraClients = 8;

    private DsrL2Lab? _lab;
    private IdentityEchoServers? _servers;

    public DsrL2Lab Lab => _lab ?? throw new InvalidOperationException("the lab is built on first use by a root test");

    public static TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public IReadOnlyList<IPAddress> Clients { get; } =
        [.. Enumerable.Range(21, ExtraClients).Select(i => IPAddress.Parse($"198.51.100.{i}"))];

    /// <summary>Builds the lab (once) and starts a controller serving the VIP on <see cref="Port"/> with
    /// <paramref name="keys"/> (service lines) and the reals named, each with its weight.</summary>
    public FastLbController Start(string keys, params (string Real, int Weight)[] reals)
    {
        Privileges.RequireRoot();
        EnsureBuilt();
        return FastLbController.Start(Config(keys, reals), NullLoggerFactory.Instance);
    }

    /// <summary>Pinned state for an instance named after <paramref name="what"/> and this lab, under the default roots.</summary>
    public PinnedState Pins(string what)
    {
        Privileges.RequireRoot();
        EnsureBuilt();
        return new PinnedState($"{what}-{Lab.Prefix}");
    }

    /// <summary>Like <see cref="Start"/> on pinned state: adopts what an earlier controller left attached there.</summary>
    public FastLbController StartPinned(PinnedState pins, string keys, params (string Real, int Weight)[] reals) =>
        FastLbController.StartPinned(Config(keys, reals), NullLoggerFactory.Instance, pins);

    public FastLbConfig Config(string keys, params (string Real, int Weight)[] reals)
    {
        var lab = Lab;
        var sb = new StringBuilder();
        sb.Append("interface: ").Append(lab.LbInterface).Append('\n');
        sb.Append("namespace: ").Append(lab.Lb.Name).Append('\n');
        sb.Append("flow-table-size: 65536\n");
        sb.Append("services:\n  - name: echo\n    vip: ").Append(lab.Vip).Append('\n');
        sb.Append("    port: ").Append(Port).Append("\n    protocol: tcp\n    mode: dsr-l2\n").Append(keys);
        sb.Append("    reals:\n");
        foreach (var (real, weight) in reals)
        {
            var i = lab.RealNames.ToList().IndexOf(real);
            sb.Append(CultureInfo.InvariantCulture, $"      - {{name: {real}, address: {lab.RealAddresses[i]}, port: {Port}, mac: \"{lab.RealMacs[i]}\", weight: {weight}}}\n");
        }
        return ConfigLoader.Parse(sb.ToString(), "algorithm-lab.yaml", DataPlaneLimits.Config);
    }

    /// <summary>One short connection from the lab's client (or <paramref name="source"/>): the real that took it.</summary>
    public Task<string> OnceAsync(IPAddress? source = null) =>
        HeldConnection.OnceAsync(Lab.Client.Namespace, Lab.Vip, Port, Timeout, source);

    /// <summary>A connection held open until disposed.</summary>
    public Task<HeldConnection> HoldAsync(IPAddress? source = null) =>
        HeldConnection.OpenAsync(Lab.Client.Namespace, Lab.Vip, Port, Timeout, source);

    /// <summary>Active flows the data plane counts for each real of the running plan.</summary>
    public static Dictionary<string, long> Active(FastLbController c) =>
        c.ReadStats().Reals.ToDictionary(r => r.Real, r => r.ActiveFlows);

    /// <summary>Polls (10 ms) until <paramref name="condition"/> holds; fails after a generous bound.</summary>
    public static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var bound = TimeSpan.FromSeconds(30);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < bound, $"not within {bound.TotalSeconds} s: {what}");
            await Task.Delay(10);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
        _lab?.Dispose();
    }

    private void EnsureBuilt()
    {
        if (_lab is not null)
        {
            return;
        }
        var lab = DsrL2Lab.Create();
        try
        {
            foreach (var address in Clients)
            {
                lab.Client.Ip("addr", "add", address + "/24", "dev", lab.ClientInterface);
            }
            _servers = IdentityEchoServers.Start([.. lab.Reals.Select(r => r.Namespace)], lab.RealNames, Port);
            _lab = lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }
}
