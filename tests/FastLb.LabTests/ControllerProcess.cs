// `fastlb run` as a real child process (dotnet fastlb.dll): its output collected, waited on by line, killed by its PID.
using System.Collections.Concurrent;
using System.Diagnostics;

namespace FastLb.LabTests;

internal sealed class ControllerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ControllerProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _lines);

    /// <summary>Starts `dotnet fastlb.dll ARGS` from the test's output directory (the Host project is referenced).</summary>
    public static ControllerProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fastlb.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var controller = new ControllerProcess(process);
        process.OutputDataReceived += (_, e) => controller.Add(e.Data);
        process.ErrorDataReceived += (_, e) => controller.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return controller;
    }

    /// <summary>Waits for a line containing <paramref name="text"/>; fails with the output so far when the process exits or the bound passes.</summary>
    public async Task WaitForLineAsync(string text, TimeSpan bound)
    {
        using var cts = new CancellationTokenSource(bound);
        while (!_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited || cts.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"no line with '{text}' within {bound.TotalSeconds} s (exited: {_process.HasExited}); output:\n{Output}");
            }
            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to clean anything up.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits (bounded) for the exit; returns the exit code.</summary>
    public int Terminate(TimeSpan bound)
    {
        _ = Kill(_process.Id, 15);
        if (!_process.WaitForExit(bound))
        {
            _process.Kill();
            _process.WaitForExit();
            throw new Xunit.Sdk.XunitException($"fastlb did not exit within {bound.TotalSeconds} s of SIGTERM; output:\n{Output}");
        }
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
