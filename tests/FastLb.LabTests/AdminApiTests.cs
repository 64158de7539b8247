// The admin API and its commands over the instance's real unix socket, on a controller serving a lab: reads, drain, weight, reload, refusals.
using System.Net.Sockets;
using System.Text.Json;
using FastLb.Host;
using static FastLb.LabTests.AdminTestTools;

namespace FastLb.LabTests;

public sealed class AdminApiTests
{
    [RootFact]
    public async Task AdminCommands_OverTheSocket_ReadChangeAndRefuseWithoutHalfChanges()
    {
        var live = await LiveInstance.StartAsync("adm", check: "{type: http, path: /, interval: 300ms, timeout: 250ms, rise: 1, fall: 2}");
        var (lab, instance, admin, path) = (live.Lab, live.Instance, live.Admin, live.ConfigPath);
        await using (live)
        {
            Assert.Equal("600 root", Command.Run("stat", "-c", "%a %U", admin.TokenPath).Trim());

            var status = await Json("status");
            Assert.Equal(instance, status.GetProperty("instance").GetString());
            Assert.Equal(lab.LbInterface, status.GetProperty("interface").GetString());

            await WaitAsync(async () => (await Json("reals")).EnumerateArray().All(r => r.GetProperty("health").GetString() == "up"), "every real up");
            var reals = await Json("reals");
            Assert.Equal(lab.RealNames, reals.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
            Assert.All(reals.EnumerateArray(), r => Assert.Equal("ok", r.GetProperty("lastReason").GetString()));
            var (exit, text, _) = await RunCli("reals", "--instance", instance);
            Assert.Equal(0, exit);
            Assert.Matches(@"^web\s+real1\s+192\.0\.2\.11:80\s+1\s+no\s+up\s+ok\s+yes", text.Split('\n')[1]);

            // Drain: real1 leaves the ring, new connections never reach it; it stays up.
            (exit, text, _) = await RunCli("drain", "web", "real1", "--instance", instance);
            Assert.Equal((0, "web/real1 drained: its flows stay, new flows go elsewhere\n"), (exit, text));
            var real1 = Real(await Json("reals"), "real1");
            Assert.Equal((0, 1, true, false, true), (real1.GetProperty("weight").GetInt32(), real1.GetProperty("configuredWeight").GetInt32(),
                real1.GetProperty("drained").GetBoolean(), real1.GetProperty("inRing").GetBoolean(), real1.GetProperty("up").GetBoolean()));
            var run = await LabHttpClient.RunRequestsAsync(30, lab.Client.Namespace, lab.Vip, 80, TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.Equal(30, run.Succeeded);
            Assert.Equal(0, run.CountFor("real1"));

            // Writes need the token; without it nothing changes.
            var (code, body) = await RawPost(admin, "/v1/services/web/reals/real1/undrain", token: null);
            Assert.Equal(401, code);
            Assert.Contains(admin.TokenPath, body, StringComparison.Ordinal);
            Assert.True(Real(await Json("reals"), "real1").GetProperty("drained").GetBoolean());

            // Bad requests: a reason and a 4xx, nothing changed.
            var token = File.ReadAllText(admin.TokenPath).Trim();
            (code, body) = await RawPost(admin, "/v1/services/web/reals/real2/weight", token, "{\"weight\": -1}");
            Assert.Equal(400, code);
            Assert.Contains("weight must be 0..65535", body, StringComparison.Ordinal);
            (code, body) = await RawPost(admin, "/v1/services/web/reals/real2/weight", token, "{\"wait\": 3}");
            Assert.Equal(400, code);
            Assert.Contains("needs a 'weight'", body, StringComparison.Ordinal);
            (code, body) = await RawPost(admin, "/v1/services/web/reals/nosuch/drain", token);
            Assert.Equal(404, code);
            Assert.Contains("service 'web' has no real 'nosuch'", body, StringComparison.Ordinal);
            Assert.Equal(1, Real(await Json("reals"), "real2").GetProperty("weight").GetInt32());
            (exit, _, var err) = await RunCli("weight", "web", "real2", "70000", "--instance", instance);
            Assert.Equal(2, exit);
            Assert.Contains("weight '70000' is not 0..65535 or 'config'", err, StringComparison.Ordinal);

            // Weight at run time, then back to the config's.
            Assert.Equal(0, (await RunCli("weight", "web", "real2", "5", "--instance", instance)).Exit);
            Assert.Equal(5, Real(await Json("reals"), "real2").GetProperty("weight").GetInt32());

            // A reload that keeps the reals keeps the overrides; a refused one changes nothing.
            (exit, text, _) = await RunCli("reload", "--instance", instance);
            Assert.Equal((0, $"reloaded {path}\n"), (exit, text));
            Assert.True(Real(await Json("reals"), "real1").GetProperty("drained").GetBoolean());
            Assert.Equal(5, Real(await Json("reals"), "real2").GetProperty("weight").GetInt32());
            File.WriteAllText(path, File.ReadAllText(path).Replace("port: 80\n", "port: 99999\n", StringComparison.Ordinal));
            (exit, _, err) = await RunCli("reload", "--instance", instance);
            Assert.Equal(1, exit);
            Assert.Contains("config refused, the running config stays (HTTP 422)", err, StringComparison.Ordinal);
            Assert.Contains("fastlb.yaml:", err, StringComparison.Ordinal);
            Assert.True(Real(await Json("reals"), "real1").GetProperty("drained").GetBoolean());

            Assert.Equal(0, (await RunCli("undrain", "web", "real1", "--instance", instance)).Exit);
            Assert.Equal(0, (await RunCli("weight", "web", "real2", "config", "--instance", instance)).Exit);
            reals = await Json("reals");
            Assert.All(reals.EnumerateArray(), r => Assert.True(r.GetProperty("inRing").GetBoolean() && r.GetProperty("weight").GetInt32() == 1 && !r.GetProperty("drained").GetBoolean()));

            (exit, text, _) = await RunCli("services", "--instance", instance);
            Assert.Equal(0, exit);
            Assert.Matches(@"^web\s+203\.0\.113\.10\s+80\s+tcp\s+dsr-l2\s+3/3\s+\d+", text.Split('\n')[1]);

            // The metrics port does not serve the admin API.
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"http://{live.Metrics}/v1/status"))).StatusCode);
        }

        // With no controller the commands say so.
        var (gone, _, why) = await RunCli("status", "--instance", instance);
        Assert.Equal(1, gone);
        Assert.Equal($"fastlb status: no controller answers on {admin.SocketPath} (is 'fastlb run' running for instance '{instance}'?)\n", why);

        async Task<JsonElement> Json(string command)
        {
            var (e, o, err) = await RunCli(command, "--json", "--instance", instance);
            Assert.True(e == 0, err);
            return JsonDocument.Parse(o).RootElement.Clone();
        }
    }

    private static JsonElement Real(JsonElement reals, string name) => reals.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    private static async Task<(int Code, string Body)> RawPost(AdminEndpoint admin, string path, string? token, string body = "{}")
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(admin.SocketPath), ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://fastlb") };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
