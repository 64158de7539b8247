// One mode lab with its HTTP servers and a running controller, torn down in reverse order.
namespace FastLb.LabTests;

internal sealed class ModeLabRun : IAsyncDisposable
{
    private ModeLabRun(ModeLab lab, IReadOnlyList<LabHttpServer> servers, FastLbController controller, bool v6)
    {
        Lab = lab;
        Servers = servers;
        Controller = controller;
        V6 = v6;
    }

    public ModeLab Lab { get; }

    public IReadOnlyList<LabHttpServer> Servers { get; }

    public FastLbController Controller { get; }

    public bool V6 { get; }

    public IPAddress Vip => V6 ? Lab.VipV6 : Lab.Vip;

    public IPAddress ClientAddress => V6 ? Lab.ClientAddressV6 : Lab.ClientAddress;

    public IReadOnlyList<IPAddress> RealAddresses => V6 ? Lab.RealAddressesV6 : Lab.RealAddresses;

    /// <summary>Where the reals see requests come from: FastLb's SNAT address one-arm, the client inline.</summary>
    public IPAddress ExpectedSource => (V6 ? Lab.SnatAddressV6 : Lab.SnatAddress) ?? ClientAddress;

    public string Service => V6 ? "web6" : "web";

    public static TimeSpan Timeout => TimeSpan.FromSeconds(5);

    /// <summary>
    /// Requires root, then builds the lab, starts the servers and the controller;
    /// <paramref name="beforeController"/> sees the lab before FastLb runs.
    /// </summary>
    public static ModeLabRun Start(ModeTopology topology, bool v6, Action<ModeLab>? beforeController = null)
    {
        Privileges.RequireRoot();
        var lab = ModeLab.Create(topology);
        IReadOnlyList<LabHttpServer> servers = [];
        try
        {
            servers = lab.StartHttpServers();
            beforeController?.Invoke(lab);
            var controller = FastLbController.Start(ModeConfigs.For(lab), NullLoggerFactory.Instance);
            return new ModeLabRun(lab, servers, controller, v6);
        }
        catch
        {
            foreach (var s in servers)
            {
                s.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            lab.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> requests to the VIP, each on a new connection. One goes first:
    /// if it fails, the run stops at once with the data plane's counters, not after every timeout.
    /// </summary>
    public async Task<LabRunResult> RequestsAsync(int count)
    {
        LabResponse first;
        try
        {
            first = await LabHttpClient.GetAsync(Lab.Client.Namespace, Vip, ModeLab.ServicePort, "/", Timeout, CancellationToken.None);
        }
        catch (LabException e)
        {
            throw new LabException($"{e.Message}; data plane: {Counters()}", e);
        }
        var rest = await LabHttpClient.RunRequestsAsync(count - 1, Lab.Client.Namespace, Vip, ModeLab.ServicePort, Timeout, CancellationToken.None, parallelism: 4);
        var byIdentity = new Dictionary<string, int>(rest.ByIdentity, StringComparer.Ordinal);
        if (first.StatusCode == 200 && first.ServedBy is { } who)
        {
            byIdentity[who] = byIdentity.GetValueOrDefault(who) + 1;
            return rest with { ByIdentity = byIdentity };
        }
        return rest with { Failures = rest.Failures + 1, Errors = [$"status {first.StatusCode}", .. rest.Errors] };
    }

    /// <summary>One request to the VIP; on failure the exception carries the data plane's counters.</summary>
    public async Task<LabResponse> ProbeAsync(IPAddress? vip = null)
    {
        try
        {
            return await LabHttpClient.GetAsync(Lab.Client.Namespace, vip ?? Vip, ModeLab.ServicePort, "/", Timeout, CancellationToken.None);
        }
        catch (LabException e)
        {
            throw new LabException($"{e.Message}; data plane: {Counters()}", e);
        }
    }

    /// <summary>Every non-zero reason counter, for failure messages.</summary>
    public string Counters() =>
        string.Join(", ", Controller.ReadStats().Reasons.Where(r => r.Packets > 0).Select(r => $"{r.Reason}={r.Packets}"));

    /// <summary>A BPF filter matching any of the reals' addresses of this run's family.</summary>
    public string AnyRealFilter => "(" + string.Join(" or ", RealAddresses.Select(a => $"host {a}")) + ")";

    public async ValueTask DisposeAsync()
    {
        Controller.Dispose();
        foreach (var s in Servers)
        {
            await s.DisposeAsync();
        }
        Lab.Dispose();
    }
}
