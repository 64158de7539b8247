// With `admin: 127.0.0.1:PORT` the admin API listens there instead of the unix socket, and the commands reach it with --admin.
using System.Globalization;
using System.Net.Sockets;
using FastLb.Host;
using static FastLb.LabTests.AdminTestTools;

namespace FastLb.LabTests;

public sealed class AdminLoopbackTests
{
    [RootFact]
    public async Task AdminOnLoopback_CommandsWorkThereAndNoSocketIsMade()
    {
        var adminAt = "127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture);
        await using var live = await LiveInstance.StartAsync("lo", adminAt: adminAt);
        var (instance, admin, metrics) = (live.Instance, live.Admin, live.Metrics);

        Assert.False(File.Exists(admin.SocketPath));

        var (exit, text, err) = await RunCli("status", "--instance", instance, "--admin", adminAt);
        Assert.True(exit == 0, err);
        Assert.Contains($"instance:          {instance}", text, StringComparison.Ordinal);
        (exit, text, _) = await RunCli("drain", "web", "real2", "--instance", instance, "--admin", adminAt);
        Assert.Equal((0, "web/real2 drained: its flows stay, new flows go elsewhere\n"), (exit, text));

        // top: two redraws of the live table, real2 drained (weight 0).
        (exit, text, err) = await RunCli("top", "--count", "2", "--interval", "0.2", "--instance", instance, "--admin", adminAt);
        Assert.True(exit == 0, err);
        Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith($"fastlb top: instance {instance}", StringComparison.Ordinal)));
        Assert.Equal(2, text.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^web\s+real2\s+[0-9.]+\s+[0-9.]+\s+unchecked\s+0$")));

        // Without --admin the commands look for the socket, which is not there.
        (exit, _, err) = await RunCli("status", "--instance", instance);
        Assert.Equal(1, exit);
        Assert.Contains($"no controller answers on {admin.SocketPath}", err, StringComparison.Ordinal);

        // The metrics port still does not serve the admin API; the admin port does not serve /v1 to writes without the token.
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"http://{metrics}/v1/status"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync(new Uri($"http://{adminAt}/v1/reload"), null)).StatusCode);
    }
}
