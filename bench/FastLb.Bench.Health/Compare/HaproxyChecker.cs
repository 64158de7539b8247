// HAProxy checking the same targets: one backend, one server per target, `check inter` the same interval.
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FastLb.Bench.Health.Compare;

public sealed class HaproxyChecker : IDisposable
{
    private readonly ManagedProcess _process;
    private readonly string _socket;

    private HaproxyChecker(ManagedProcess process, string socket)
    {
        _process = process;
        _socket = socket;
    }

    public int Pid => _process.Pid;

    /// <summary>
    /// HAProxy in the foreground, one thread, no frontend: it only runs checks (`option httpchk GET /`
    /// for http, a plain connect for tcp), rise 2, fall 3, as FastLb's defaults. Waits until its stats socket answers.
    /// </summary>
    public static HaproxyChecker Start(string kind, IReadOnlyList<IPEndPoint> targets, TimeSpan interval, TimeSpan timeout)
    {
        var folder = Directory.CreateTempSubdirectory("fastlb-haproxy-").FullName;
        var socket = Path.Combine(folder, "stats.sock");
        var ms = (int)interval.TotalMilliseconds;
        var conf = new StringBuilder();
        conf.Append(CultureInfo.InvariantCulture, $"""
            global
              maxconn 4000
              nbthread 1
              stats socket {socket} mode 600 level admin
            defaults
              mode {(kind == "http" ? "http" : "tcp")}
              timeout connect {(int)timeout.TotalMilliseconds}ms
              timeout check {(int)timeout.TotalMilliseconds}ms
              timeout client 5s
              timeout server 5s
            backend targets
            {(kind == "http" ? "  option httpchk GET /\n" : "")}  default-server inter {ms}ms fall 3 rise 2

            """);
        for (var i = 0; i < targets.Count; i++)
        {
            conf.Append(CultureInfo.InvariantCulture, $"  server t{i} {targets[i]} check\n");
        }
        var path = Path.Combine(folder, "haproxy.cfg");
        File.WriteAllText(path, conf.ToString());
        var process = ManagedProcess.Start("haproxy", ["-db", "-f", path], folder);
        var haproxy = new HaproxyChecker(process, socket);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (haproxy.TryCommand("show info\n") is null)
            {
                if (process.Exited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"haproxy did not start (exited: {process.Exited})");
                }
                Thread.Sleep(100);
            }
            return haproxy;
        }
        catch
        {
            haproxy.Dispose();
            throw;
        }
    }

    /// <summary>Servers HAProxy reports UP now (from `show stat`).</summary>
    public int ServersUp()
    {
        var csv = TryCommand("show stat\n") ?? throw new InvalidOperationException("haproxy stats socket did not answer");
        var lines = csv.Split('\n');
        var header = lines[0].TrimStart('#', ' ').Split(',');
        var status = Array.IndexOf(header, "status");
        var svname = Array.IndexOf(header, "svname");
        return lines.Skip(1).Select(l => l.Split(','))
            .Count(f => f.Length > status && f[svname] is not ("FRONTEND" or "BACKEND") && f[status] == "UP");
    }

    public void Dispose() => _process.Dispose();

    private string? TryCommand(string command)
    {
        try
        {
            using var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(_socket));
            s.Send(Encoding.ASCII.GetBytes(command));
            using var stream = new NetworkStream(s);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return reader.ReadToEnd();
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
