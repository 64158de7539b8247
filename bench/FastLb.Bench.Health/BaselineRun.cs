// Runs B and C: a plain loop of the probe's socket operations (socket, connect, shutdown, close), no scheduler.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FastLb.Bench.Health;

public sealed class BaselineRun
{
    private readonly BenchOptions _options;
    private readonly IReadOnlyList<IPEndPoint> _endPoints;
    private readonly double _rate;
    private long _next;
    private long _ok;
    private long _failed;
    private long _start;

    private BaselineRun(BenchOptions options, IReadOnlyList<IPEndPoint> endPoints, double rate)
    {
        _options = options;
        _endPoints = endPoints;
        _rate = rate;
    }

    /// <summary>
    /// Same concurrency as the scheduler's slots. Paced: check k starts no earlier than k / rate
    /// seconds in, walking the targets round-robin at the scheduler's wanted rate. Unpaced: as
    /// fast as the workers go.
    /// </summary>
    public static async Task<RunResult> RunAsync(string name, BenchOptions options, IReadOnlyList<IPEndPoint> endPoints, bool paced)
    {
        var run = new BaselineRun(options, endPoints, paced ? options.WantedRate : double.PositiveInfinity);
        using var stop = new CancellationTokenSource();
        run._start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(() => run.WorkerAsync(stop.Token))).ToArray();
        try
        {
            return await Window.MeasureAsync(name, () => new ProbeCounts(Interlocked.Read(ref run._ok), Interlocked.Read(ref run._failed)), options)
                .ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
    }

    private async Task WorkerAsync(CancellationToken ct)
    {
        var targets = _options.Targets;
        while (!ct.IsCancellationRequested)
        {
            var k = Interlocked.Increment(ref _next) - 1;
            try
            {
                if (!double.IsPositiveInfinity(_rate))
                {
                    var ahead = TimeSpan.FromSeconds(k / _rate) - Stopwatch.GetElapsedTime(_start);
                    if (ahead > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(ahead, ct).ConfigureAwait(false);
                    }
                }
                var endPoint = _endPoints[(int)(k % targets % _endPoints.Count)];
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(endPoint, ct).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
                Interlocked.Increment(ref _ok);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }
}
