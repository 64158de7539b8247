// One nginx on loopback listening on its share of the targets (GET / answers 200, connections kept), with stub_status to count what it served.
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FastLb.Bench.Health.Compare;

public sealed class NginxTargets : IDisposable
{
    private readonly ManagedProcess _process;
    private readonly IPEndPoint _status;

    private NginxTargets(ManagedProcess process, IPEndPoint status)
    {
        _process = process;
        _status = status;
    }

    public int Pid => _process.Pid;

    /// <summary>
    /// Writes the config into a fresh folder and starts nginx in the foreground as one process
    /// (no master, one worker loop), then waits until its status page answers. Nothing is served
    /// from disk: `return 200` answers GET /, so no file permission can turn checks into 403s.
    /// </summary>
    public static NginxTargets Start(IReadOnlyList<IPEndPoint> targets, IPEndPoint status)
    {
        var folder = Directory.CreateTempSubdirectory("fastlb-nginx-").FullName;
        var conf = new StringBuilder();
        conf.Append(CultureInfo.InvariantCulture, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections {{(3 * targets.Count) + 64}}; }
            http {
              access_log off;
              keepalive_timeout 75s;
              keepalive_requests 100000000;
              client_body_temp_path {{folder}}/body;
              proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi;
              uwsgi_temp_path {{folder}}/uwsgi;
              scgi_temp_path {{folder}}/scgi;
              server {
                listen {{status}};
                location = /status { stub_status; }
              }
              server {

            """);
        foreach (var t in targets)
        {
            conf.Append(CultureInfo.InvariantCulture, $"    listen {t} backlog=4096;\n");
        }
        conf.Append("    location = / { default_type text/plain; return 200 \"ok\\n\"; }\n    location / { return 404; }\n  }\n}\n");
        var path = Path.Combine(folder, "nginx.conf");
        File.WriteAllText(path, conf.ToString());
        var process = ManagedProcess.Start("nginx", ["-p", folder, "-e", Path.Combine(folder, "error.log"), "-c", path], folder);
        var nginx = new NginxTargets(process, status);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (nginx.TryRead() is null)
            {
                if (process.Exited || DateTime.UtcNow > deadline)
                {
                    var log = File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : "";
                    throw new InvalidOperationException($"nginx did not start (exited: {process.Exited}): {log}");
                }
                Thread.Sleep(100);
            }
            return nginx;
        }
        catch
        {
            nginx.Dispose();
            throw;
        }
    }

    /// <summary>Connections accepted and requests served so far (stub_status; this read counts as one of each).</summary>
    public (long Accepts, long Requests) Counters() => TryRead() ?? throw new InvalidOperationException("nginx status page did not answer");

    public void Dispose() => _process.Dispose();

    private (long, long)? TryRead()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.ReceiveTimeout = 5000;
            socket.Connect(_status);
            socket.Send("GET /status HTTP/1.0\r\n\r\n"u8);
            var buffer = new byte[4096];
            var total = 0;
            int n;
            while ((n = socket.Receive(buffer, total, buffer.Length - total, SocketFlags.None)) > 0)
            {
                total += n;
            }
            // "server accepts handled requests\n A H R"
            var text = Encoding.ASCII.GetString(buffer, 0, total);
            var at = text.IndexOf("requests\n", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }
            var numbers = text[(at + 9)..].Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (long.Parse(numbers[0], CultureInfo.InvariantCulture), long.Parse(numbers[2], CultureInfo.InvariantCulture));
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
