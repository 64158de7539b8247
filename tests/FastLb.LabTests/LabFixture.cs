namespace FastLb.LabTests;

/// <summary>One DSR L2 lab with HTTP servers on port 80 in every real, built on first use and shared by a test class.</summary>
public sealed class LabFixture : IAsyncLifetime
{
    public const int Port = 80;

    private readonly Lazy<(DsrL2Lab Lab, LabHttpServers Servers)> _state = new(() =>
    {
        var lab = DsrL2Lab.Create();
        try
        {
            return (lab, lab.StartHttpServers(Port));
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    });

    public DsrL2Lab Lab => _state.Value.Lab;

    public IReadOnlyList<LabHttpServer> Servers => _state.Value.Servers;

    public static TimeSpan Timeout => TimeSpan.FromSeconds(5);

    public Task<LabResponse> GetFromClientAsync(IPAddress address, TimeSpan? timeout = null) =>
        LabHttpClient.GetAsync(Lab.Client.Namespace, address, Port, "/", timeout ?? Timeout, CancellationToken.None);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (!_state.IsValueCreated)
        {
            return;
        }
        await _state.Value.Servers.DisposeAsync();
        _state.Value.Lab.Dispose();
    }
}
