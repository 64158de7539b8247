// A child process started by the bench and ended by its own PID, never by name, with its working folder removed.
using System.Diagnostics;

namespace FastLb.Bench.Health.Compare;

public sealed class ManagedProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private ManagedProcess(Process process, string folder)
    {
        _process = process;
        _folder = folder;
    }

    public int Pid => _process.Id;

    public string Folder => _folder;

    public bool Exited => _process.HasExited;

    /// <summary>Starts <paramref name="file"/> with its output going to files in <paramref name="folder"/>, which it then owns.</summary>
    public static ManagedProcess Start(string file, IEnumerable<string> args, string folder)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false, WorkingDirectory = folder };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        return new ManagedProcess(process, folder);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the system's temp cleanup; never worth failing the bench over.
            }
        }
    }
}
